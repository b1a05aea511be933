import { useRef, useState, type FormEvent } from 'react';
import { useSession } from '../stores/session.js';
import { useVaults } from '../stores/vaults.js';
import { useApp } from '../stores/app.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ShareUnlock } from '../components/ShareUnlock.js';

/** Unlock the recovery identity: a path the core reads, or a file chosen here (it stays sealed). */
export function UnlockScreen() {
  const { unlock, error, busy } = useSession();
  const vaultId = useApp((s) => s.vaultId);
  const remembered = useVaults((s) => s.vaults.find((v) => v.id === vaultId)?.identityPath ?? '');
  const [path, setPath] = useState(remembered);
  const [file, setFile] = useState<{ name: string; sealed: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const field = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await unlock(file ?? { path }, passphrase);
    if (ok) {
      setPassphrase('');
      const { screen, returnTo, go } = useApp.getState();
      go(screen === 'unlock' ? (returnTo ?? 'dashboard') : screen);
      return;
    }
    // A typo is fixed where it was typed: the field keeps it, selected, with the focus.
    field.current?.focus();
    field.current?.select();
  }

  return (
    <section aria-labelledby="unlock-title">
      <h1 id="unlock-title">Unlock the recovery identity</h1>
      <p className="muted">Backups can only be read with the identity. Its key stays in the console's core and is wiped when you lock or stay idle.</p>
      <form className="card form" onSubmit={(e) => void submit(e)} aria-label="Unlock">
        <label className="field">
          <span>Identity file path</span>
          <input value={path} onChange={(e) => (setPath(e.target.value), setFile(null))} placeholder="/home/me/bulkhead-identity.json" />
        </label>
        <label className="field">
          <span>…or choose the file</span>
          <input
            type="file"
            accept=".json,application/json"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setFile({ name: f.name, sealed: await f.text() });
            }}
          />
        </label>
        <label className="field">
          <span>Passphrase</span>
          <input ref={field} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy || (!path && !file)}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <ShareUnlock />
    </section>
  );
}
