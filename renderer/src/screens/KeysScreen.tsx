import { useEffect, useState } from 'react';
import { useApp } from '../stores/app.js';
import { useKeys } from '../stores/keys.js';
import { useSession } from '../stores/session.js';
import { groupFingerprint, when } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';

/** Who holds the keys: the unlocked identity, the enrolled writers; enroll and revoke writers. */
export function KeysScreen() {
  const vaultId = useApp((s) => s.vaultId);
  const status = useSession((s) => s.status);
  const { writers, enrolled, error, busy, load, enroll, revoke } = useKeys();
  const [label, setLabel] = useState('');
  const [out, setOut] = useState('');
  const [revoking, setRevoking] = useState<{ id: string; label: string; typed: string } | null>(null);
  useEffect(() => {
    if (vaultId) void load(vaultId);
  }, [vaultId, load]);
  if (!vaultId) return null;

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Keys</h1>
      <p>
        Unlocked identity: <span className="mono">{groupFingerprint(status?.fingerprint)}</span> <span className="muted">({status?.identityPath})</span>
      </p>
      <ErrorNote message={error} />
      <table className="grid" aria-label="Writers">
        <thead>
          <tr>
            <th>Writer</th>
            <th>Enrolled</th>
            <th>Last snapshot</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {writers.map((w) => (
            <tr key={w.id} className={w.revoked ? 'warn' : ''}>
              <td>
                {w.label} <span className="muted mono">{w.id.slice(0, 12)}</span>
              </td>
              <td>{when(w.enrolled)}</td>
              <td>{w.lastSnapshot ? when(w.lastSnapshot) : 'never'}</td>
              <td>{w.revoked ? `✖ revoked ${when(w.revoked)}` : '✔ active'}</td>
              <td>{!w.revoked && <button onClick={() => setRevoking({ id: w.id, label: w.label, typed: '' })}>Revoke…</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking && (
        <form
          className="card form bad"
          aria-label="Revoke a writer"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await revoke(vaultId, revoking.id, revoking.typed)) setRevoking(null);
          }}
        >
          <h2>
            Revoke “{revoking.label}” <span className="mono">{revoking.id.slice(0, 12)}</span>
          </h2>
          <p>Snapshots it signs from now on will show as untrusted. Revoke its storage credentials at your cloud provider too.</p>
          <label className="field">
            <span>
              Type its id <strong className="mono">{revoking.id.slice(0, 12)}</strong> to confirm
            </span>
            <input aria-label={`Type its id ${revoking.id.slice(0, 12)} to confirm`} value={revoking.typed} onChange={(e) => setRevoking({ ...revoking, typed: e.target.value })} />
          </label>
          <div className="row">
            <button type="button" onClick={() => setRevoking(null)}>Cancel</button>
            <button type="submit" className="primary danger" disabled={busy || revoking.typed !== revoking.id.slice(0, 12)}>Revoke</button>
          </div>
        </form>
      )}
      <form className="card form" aria-label="Enroll a writer" onSubmit={(e) => (e.preventDefault(), void enroll(vaultId, label, out))}>
        <h2>Enroll a backup agent</h2>
        <label className="field">
          <span>Label (host or CI job)</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} required />
        </label>
        <label className="field">
          <span>Write its credential to (a new file on this machine, 0600)</span>
          <input value={out} onChange={(e) => setOut(e.target.value)} required placeholder="/home/me/writer-ci.json" />
        </label>
        <button type="submit" className="primary" disabled={busy || !label || !out}>Enroll</button>
      </form>
      {enrolled && (
        <div className="card ok" role="status" aria-label="Enrolled">
          <h2>✔ “{enrolled.writer.label}” enrolled</h2>
          <p>
            Its one-time credential is in <span className="mono">{enrolled.file}</span>. Move it to the agent's machine and delete it here; Bulkhead keeps no copy.
          </p>
          {enrolled.iamPolicy && (
            <>
              <p>This agent's own least-privilege IAM policy (put-only, no delete, its index segments only under its own prefix): attach it to S3 keys that only this agent holds.</p>
              <pre className="code patch">{enrolled.iamPolicy}</pre>
            </>
          )}
        </div>
      )}
    </section>
  );
}
