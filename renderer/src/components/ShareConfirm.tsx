import { useState } from 'react';
import { useCeremony, type CeremonyShare } from '../stores/ceremony.js';

/** One holder: where their printout is, and the word they must type back. */
export function ShareConfirm({ share, total }: { share: CeremonyShare; total: number }) {
  const confirm = useCeremony((s) => s.confirm);
  const [word, setWord] = useState('');
  return (
    <form className="row share-confirm" aria-label={`Share ${share.index} for ${share.holder}`} onSubmit={(e) => (e.preventDefault(), void confirm(share.index, word).then((ok) => ok && setWord('')))}>
      <strong>
        {share.index} of {total}: {share.holder}
      </strong>
      <span className="mono muted">{share.files.find((f) => f.endsWith('.pdf'))}</span>
      {share.confirmed ? (
        <span className="ok-text">✔ confirmed</span>
      ) : (
        <>
          <label className="field inline">
            <span>
              {share.holder}, type word {share.askWord} of your share
            </span>
            <input value={word} onChange={(e) => setWord(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" disabled={!word}>Confirm</button>
        </>
      )}
    </form>
  );
}
