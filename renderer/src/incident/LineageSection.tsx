import { useEffect } from 'react';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
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
import { previousOf, type IncidentLineage } from './lineages.js';
import { LostBefore } from './LostBefore.js';
import { useVaultData } from '../stores/vault-data.js';

interface Props {
  vaultId: string;
  vaultName: string;
  lineage: IncidentLineage;
  /** More than one lineage: each names its sources. */
  named: boolean;
  /** Compared as the screen opens; else on a click. */
  auto: boolean;
  /** Opens Restore with one source chosen from this snapshot (a dump has no live side to compare). */
  restoreOne: (snapshot: SnapshotView, source: string) => void;
}

/** One group of sources: their latest good snapshot ↔ live, one plan to bring all of it back, its report. */
export function LineageSection({ vaultId, vaultName, lineage, named, auto, restoreOne }: Props) {
  const { snapshot } = lineage;
  const names = lineage.sources.map((s) => s.name);
  const key = names.join('\n');
  // A result for another group of this snapshot's sources (before newer snapshots took some) is not shown.
  const found = useIncident((s) => s.lineages[snapshot.id]);
  const inc = found && (found.names === key || found.jobId) ? found : undefined;
  const { compare, makePlan, setConfirm, start } = useIncident.getState();
  const previous = previousOf(useVaultData((s) => s.snapshots), lineage);
  const previousId = previous?.id;
  useEffect(() => {
    const was = useIncident.getState().lineages[snapshot.id];
    if (auto && (!was || (was.names !== key && !was.jobId))) void compare(vaultId, snapshot.id, key.split('\n'), previousId);
  }, [auto, vaultId, snapshot.id, key, compare, previousId]);
  const changes = inc?.sources ? incidentChanges(inc.sources) : null;
  const total = changes?.groups.reduce((n, g) => n + g.lines.length, 0) ?? 0;
  const compared = inc?.sources?.some((s) => s.status === 'compared') ?? false;
  const idPrefix = named ? `${snapshot.id.slice(0, 12)}-` : '';

  return (
    <section aria-label={named ? `Sources ${names.join(', ')}` : 'Sources'} className="lineage">
      <div className="card" aria-label="Latest good snapshot">
        <p>
          Latest good snapshot{named ? <> of <strong>{names.join(', ')}</strong></> : ''}: <strong>{ago(snapshot.time)}</strong> ({snapshot.time.replace('T', ' ').slice(0, 19)} UTC),{' '}
          <span className="mono">{snapshot.id.slice(0, 12)}</span>: {named ? `the newest with no warning or anomaly about ${names.length === 1 ? 'it' : 'them'}.` : 'newest with no warning and no anomaly.'}
        </p>
      </div>
      {lineage.hit.length > 0 && named && <p className="warn">⚠ A later snapshot flags {lineage.hit.join(', ')} (an anomaly, or a failed backup): compare these first.</p>}
      <ErrorNote message={inc?.error ?? null} />
      {previous && inc?.before?.id === previous.id && <LostBefore previous={previous} sources={inc.before.sources} onlySource={names.length === 1 ? names[0]! : null} />}
      {!inc && <button onClick={() => void compare(vaultId, snapshot.id, names, previousId)}>Compare {names.join(', ')} with live</button>}
      {inc?.busy && !inc.sources && <p role="status">Comparing {named ? names.join(', ') : 'the latest good snapshot'} with the live sources…</p>}
      {inc && changes && (
        <>
          <div className="row">
            <h2>{compared ? `What changed since then: ${total === 0 ? 'nothing' : `${total} ${total === 1 ? 'change' : 'changes'}`}` : 'Nothing here has a live side to compare'}</h2>
            {changes.paths.length > 0 && !inc.plan && !inc.jobId && (
              <button className="primary" disabled={inc.busy} onClick={() => void makePlan(vaultId, snapshot.id, changes.paths)}>
                {inc.busy ? 'Planning…' : 'Restore all of this'}
              </button>
            )}
            {inc.job && inc.job.status !== 'running' && <button onClick={() => void compare(vaultId, snapshot.id, names, previousId)}>Compare again</button>}
          </div>
          <ChangeGroups idPrefix={idPrefix} groups={changes.groups} notes={changes.notes} restoreOne={(source) => restoreOne(snapshot, source)} />
        </>
      )}
      {inc?.plan && !inc.jobId && (
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
            onChange={(v) => setConfirm(snapshot.id, v)}
            blocked={inc.plan.blocked.length > 0}
            busy={inc.busy}
            action="Restore all now"
            onConfirm={(opts) => void start(snapshot.id, opts)}
            pipelineConsent={inc.plan.pushesCommits}
            runsCi={inc.plan.items.flatMap((i) => i.runsCi ?? [])}
          />
        </div>
      )}
      {inc?.job && (
        <div className="card">
          <ProgressBar job={inc.job} />
          {inc.job.status !== 'running' && inc.plan && <IncidentReport text={incidentReport(vaultName, inc.plan, inc.job)} />}
        </div>
      )}
    </section>
  );
}
