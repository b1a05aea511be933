import { useEffect } from 'react';
import { useApp } from '../stores/app.js';
import { useSession } from '../stores/session.js';
import { useVaultData } from '../stores/vault-data.js';
import { useVaults } from '../stores/vaults.js';
import { useIncident } from '../stores/incident.js';
import { ago, count } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { PlanTable } from '../components/PlanTable.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { incidentChanges } from './groups.js';
import { incidentReport } from './report.js';
import { IncidentReport } from './IncidentReport.js';
import { ChangeGroups } from './ChangeGroups.js';
import { otherLineages } from './other-lineages.js';

/**
 * One screen for the moment after an agent struck: posture; what changed since the latest good
 * snapshot across every source; one plan to bring all of it back; one confirmation; one report.
 */
export function IncidentScreen() {
  const vaultId = useApp((s) => s.vaultId);
  const chooseSnapshot = useApp((s) => s.chooseSnapshot);
  const unlocked = useSession((s) => s.status?.unlocked ?? false);
  const { posture, snapshots, load } = useVaultData();
  const vault = useVaults((s) => s.vaults.find((v) => v.id === vaultId));
  const inc = useIncident();
  const good = [...snapshots].reverse().find((s) => s.latest) ?? null;
  useEffect(() => {
    if (vaultId && snapshots.length === 0) void load(vaultId, { unlocked });
  }, [vaultId, unlocked, snapshots.length, load]);
  useEffect(() => {
    if (vaultId && good && inc.snapshot !== good.id && !inc.jobId) void inc.compare(vaultId, good.id);
  }, [vaultId, good, inc]);
  if (!vaultId) return null;
  const others = otherLineages(snapshots, good);
  const changes = inc.sources ? incidentChanges(inc.sources) : null;
  const total = changes?.groups.reduce((n, g) => n + g.lines.length, 0) ?? 0;

  return (
    <section aria-labelledby="incident-title">
      <header className="row">
        <h1 id="incident-title">Incident</h1>
      </header>
      <ErrorNote message={inc.error} />
      {posture && (
        <div className={`card posture ${posture.immutable && posture.findings.length === 0 ? 'ok' : 'bad'}`} aria-label="Posture">
          <h2>{posture.immutable ? '✔ Backups immutable' : '✖ Backups NOT immutable'} · {posture.lockMode}</h2>
          {posture.findings.length === 0 && <p>{posture.verdict}</p>}
          {posture.findings.length > 0 && (
            <ul>
              {posture.findings.slice(0, 6).map((f) => (
                <li key={f.code + f.message} className="warn">⚠ {f.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="card" aria-label="Latest good snapshot">
        {good ? (
          <p>
            Latest good snapshot: <strong>{ago(good.time)}</strong> ({good.time.replace('T', ' ').slice(0, 19)} UTC), <span className="mono">{good.id.slice(0, 12)}</span>: newest with no warning and no anomaly.
          </p>
        ) : (
          <p className="error">✖ No snapshot is free of warnings and anomalies: choose one in Timeline, then use Diff and Restore.</p>
        )}
      </div>
      {others.length > 0 && (
        <div className="card" aria-label="Sources in other runs">
          <h2>Not in this snapshot: {count(others.length, 'source')} backed up in runs of {others.length === 1 ? 'its' : 'their'} own</h2>
          <p className="muted">Each with its own latest good snapshot: compare it with live in Diff, bring it back from Restore.</p>
          <ul>
            {others.map((o) => (
              <li key={o.name}>
                <strong>{o.name}</strong> ({o.kind}): {ago(o.snapshot.at)}, <span className="mono">{o.snapshot.id.slice(0, 12)}</span>{' '}
                <button onClick={() => chooseSnapshot(o.snapshot.id, 'diff')} aria-label={`Compare ${o.name} in Diff`}>
                  Compare in Diff
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {inc.busy && !inc.sources && <p role="status">Comparing the latest good snapshot with the live sources…</p>}
      {changes && (
        <>
          <div className="row">
            <h2>What changed since then: {total === 0 ? 'nothing' : `${total} ${total === 1 ? 'change' : 'changes'}`}</h2>
            {changes.paths.length > 0 && !inc.plan && !inc.jobId && (
              <button className="primary" disabled={inc.busy} onClick={() => void inc.makePlan(vaultId, changes.paths)}>
                {inc.busy ? 'Planning…' : 'Restore all of this'}
              </button>
            )}
            {inc.job && inc.job.status !== 'running' && good && (
              <button onClick={() => void inc.compare(vaultId, good.id)}>Compare again</button>
            )}
          </div>
          <ChangeGroups groups={changes.groups} notes={changes.notes} />
        </>
      )}
      {inc.plan && !inc.jobId && (
        <div className="card">
          <h2>The plan: {count(inc.plan.items.length, 'item')}, {count(inc.plan.files, 'file')}, from snapshot <span className="mono">{inc.plan.snapshot.slice(0, 12)}</span></h2>
          <p className="muted" aria-label="Plan id">Plan <span className="mono">{inc.plan.planId.slice(0, 8)}</span>: Restore runs exactly this plan, once.</p>
          <PlanTable plan={inc.plan} />
          {inc.plan.blocked.map((b) => (
            <p key={b} className="error" role="alert">✖ {b}</p>
          ))}
          <ConfirmForm
            word={inc.plan.confirmWord}
            value={inc.confirm}
            onChange={inc.setConfirm}
            blocked={inc.plan.blocked.length > 0}
            busy={inc.busy}
            action="Restore all now"
            onConfirm={() => void inc.start()}
          />
        </div>
      )}
      {inc.job && (
        <div className="card">
          <ProgressBar job={inc.job} />
          {inc.job.status !== 'running' && inc.plan && <IncidentReport text={incidentReport(vault?.name ?? '', inc.plan, inc.job)} />}
        </div>
      )}
    </section>
  );
}
