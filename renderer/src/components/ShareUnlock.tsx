import { useState, type FormEvent } from 'react';
import { useSession } from '../stores/session.js';
import { ErrorNote } from './ErrorNote.js';

/** Quorum unlock: each holder types or pastes their share; nothing is kept once the identity opens. */
export function ShareUnlock() {
  const { shares, shareError: error, busy, addShare, clearShares } = useSession();
  const [text, setText] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await addShare({ text })) setText('');
  }

  async function scan(file: File | undefined) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    await addShare({ image: btoa(binary), name: file.name });
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label="Unlock with shares">
      <h2>…or with key shares</h2>
      <p className="muted">Each holder enters their share: the words, or the whole text of their share file. Shares stay in memory only.</p>
      {shares && shares.received.length > 0 && (
        <p role="status" aria-label="Shares received">
          {shares.received.length} of {shares.threshold} received ({shares.total} issued): {shares.received.map((r) => r.holder).join(', ')}
        </p>
      )}
      <label className="field">
        <span>Share words</span>
        <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>…or a picture of its QR code (PNG or JPEG)</span>
        <input type="file" accept="image/png,image/jpeg" onChange={(e) => void scan(e.target.files?.[0]).then(() => (e.target.value = ''))} />
      </label>
      <ErrorNote message={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || text.trim().length < 10}>
          Add share
        </button>
        {shares && shares.received.length > 0 && (
          <button type="button" onClick={() => void clearShares()}>
            Start over
          </button>
        )}
      </div>
    </form>
  );
}
