import { useEffect } from 'react';
import { useAudit } from '../stores/audit.js';
import { when } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { shownText } from '../shown-text.js';

const MARK = { ok: '✔', failed: '✖', refused: '⚠', findings: '⚠' } as const;

/** Every unlock, lock, restore and posture check, hash-chained so an edited entry shows. */
export function AuditScreen() {
  const { entries, intact, brokenAt, error, load } = useAudit();
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="audit-title">
      <header className="row">
        <h1 id="audit-title">Audit log</h1>
        <button onClick={() => void load()}>Refresh</button>
      </header>
      <p className={intact ? 'ok-text' : 'error'} role="status">
        {intact ? '✔ Hash chain intact' : `✖ The log was edited: the chain breaks at entry ${brokenAt}`}
      </p>
      <ErrorNote message={error} />
      <table className="grid" aria-label="Audit entries">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Action</th>
            <th>Outcome</th>
            <th>Vault</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} className={e.outcome === 'ok' ? '' : 'warn'}>
              <td>{e.seq}</td>
              <td>{when(e.time)}</td>
              <td>{e.action}</td>
              <td>
                {MARK[e.outcome]} {e.outcome}
              </td>
              <td>{e.vault ?? ''}</td>
              <td className="detail">{shownText(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
