import { useState, type FormEvent } from 'react';
import { useVaults } from '../stores/vaults.js';
import { useApp } from '../stores/app.js';
import { when } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';

/** Add a file:// or s3:// vault (read-only), list, remove, open. */
export function VaultsScreen() {
  const { vaults, error, busy, add, remove } = useVaults();
  const chooseVault = useApp((s) => s.chooseVault);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'file' | 's3'>('file');
  const [path, setPath] = useState('');
  const [s3, setS3] = useState({ bucket: '', prefix: '', endpoint: '', region: '', profile: '' });
  const [identityPath, setIdentityPath] = useState('');

  const url = kind === 'file' ? `file://${path}` : s3Url(s3);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const added = await add({ name, url, identityPath: identityPath || null });
    if (added) chooseVault(added.id);
  }

  return (
    <section aria-labelledby="vaults-title">
      <h1 id="vaults-title">Vaults</h1>
      {vaults.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Where</th>
              <th>Added</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {vaults.map((v) => (
              <tr key={v.id}>
                <td>
                  <button className="link" onClick={() => chooseVault(v.id)}>
                    {v.name}
                  </button>
                </td>
                <td className="mono">{v.url}</td>
                <td>{when(v.added)}</td>
                <td>
                  <button aria-label={`Forget ${v.name}`} onClick={() => void remove(v.id)}>
                    Forget
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card form" onSubmit={(e) => void submit(e)} aria-label="Connect a vault">
        <h2>Connect a vault (read-only)</h2>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="prod-vault" />
        </label>
        <fieldset className="choice">
          <legend>Storage</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'file'} onChange={() => setKind('file')} /> Local folder (file://)
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 's3'} onChange={() => setKind('s3')} /> S3 with Object Lock (s3://)
          </label>
        </fieldset>
        {kind === 'file' ? (
          <label className="field">
            <span>Vault folder</span>
            <input value={path} onChange={(e) => setPath(e.target.value)} required placeholder="/srv/bulkhead-vault" />
          </label>
        ) : (
          <div className="cols">
            {(['bucket', 'prefix', 'endpoint', 'region', 'profile'] as const).map((k) => (
              <label className="field" key={k}>
                <span>{k[0]!.toUpperCase() + k.slice(1)}</span>
                <input value={s3[k]} onChange={(e) => setS3({ ...s3, [k]: e.target.value })} required={k === 'bucket'} />
              </label>
            ))}
            <p className="muted">Credentials come from your AWS profile or environment; Bulkhead stores none.</p>
          </div>
        )}
        <label className="field">
          <span>Identity file (optional)</span>
          <input value={identityPath} onChange={(e) => setIdentityPath(e.target.value)} placeholder="/home/me/bulkhead-identity.json" />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </section>
  );
}

function s3Url(s: { bucket: string; prefix: string; endpoint: string; region: string; profile: string }): string {
  const q = new URLSearchParams();
  if (s.endpoint) q.set('endpoint', s.endpoint);
  if (s.region) q.set('region', s.region);
  if (s.profile) q.set('profile', s.profile);
  if (s.endpoint) q.set('pathStyle', 'true');
  const query = q.toString();
  return `s3://${s.bucket}${s.prefix ? `/${s.prefix.replace(/^\/+/, '')}` : ''}${query ? `?${query}` : ''}`;
}
