import { useState, type FormEvent } from 'react';
import { useCeremony } from '../stores/ceremony.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { groupFingerprint } from '../format.js';
import { ShareConfirm } from '../components/ShareConfirm.js';

/** Create the recovery identity, split it M-of-N, hand out the shares, check each holder has theirs. */
export function CeremonyScreen() {
  const { result, complete, error, busy, start, reset } = useCeremony();
  const [form, setForm] = useState({ out: '', outDir: '', passphrase: '', again: '', threshold: '2', holders: '' });
  const holders = form.holders.split(',').map((h) => h.trim()).filter(Boolean);
  const mismatch = form.again !== '' && form.again !== form.passphrase;
  const field = (k: keyof typeof form) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) });

  async function submit(e: FormEvent) {
    e.preventDefault();
    await start({ out: form.out, outDir: form.outDir, passphrase: form.passphrase, threshold: Number(form.threshold), holders });
    setForm({ ...form, passphrase: '', again: '' });
  }

  return (
    <section aria-labelledby="ceremony-title">
      <h1 id="ceremony-title">Key ceremony</h1>
      {!result ? (
        <form className="card form" aria-label="Create and split an identity" onSubmit={(e) => void submit(e)}>
          <p className="muted">Creates a new recovery identity, seals it with a passphrase, and splits it so that any M of the holders can rebuild it.</p>
          <label className="field"><span>Identity file to create</span><input {...field('out')} required placeholder="/secure/bulkhead-identity.json" /></label>
          <label className="field"><span>Folder for the share files</span><input {...field('outDir')} required placeholder="/secure/shares" /></label>
          <label className="field"><span>Passphrase (12 characters or more)</span><input type="password" autoComplete="new-password" {...field('passphrase')} required minLength={12} /></label>
          <label className="field"><span>Passphrase again</span><input type="password" autoComplete="new-password" {...field('again')} required /></label>
          {mismatch && <p className="error" role="alert">✖ The two passphrases differ.</p>}
          <label className="field"><span>Holders, comma-separated (one share each)</span><input {...field('holders')} required placeholder="Alice, Bob, Carol" /></label>
          <label className="field"><span>Shares needed to rebuild (M)</span><input type="number" min={2} max={Math.max(2, holders.length)} {...field('threshold')} required /></label>
          <ErrorNote message={error} />
          <button type="submit" className="primary" disabled={busy || mismatch || holders.length < 2 || Number(form.threshold) > holders.length}>
            {busy ? 'Creating…' : holders.length < 2 ? 'Create and split (name 2 holders or more)' : `Create and split ${form.threshold} of ${holders.length}`}
          </button>
        </form>
      ) : (
        <div className="card">
          <h2>Identity {groupFingerprint(result.fingerprint)}: any {result.threshold} of {result.total} shares rebuild it</h2>
          <p>Print each holder's share (the PDF or the HTML page), hand it over, and have the holder type back the word asked for.</p>
          {result.shares.map((s) => <ShareConfirm key={s.index} share={s} total={result.total} />)}
          <ErrorNote message={error} />
          {complete && <p className="ok-text" role="status" aria-label="Ceremony complete">✔ Every holder confirmed their share. Delete the share files from this machine.</p>}
          <button onClick={reset}>New ceremony</button>
        </div>
      )}
    </section>
  );
}
