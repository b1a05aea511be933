import { useEffect, type KeyboardEvent } from 'react';
import type { JobView } from '../../../src/api/restore-methods.js';
import { useApp } from '../stores/app.js';
import { useBrowse } from '../stores/browse.js';
import { samePlanned, useRestore, type WizardStep } from '../stores/restore.js';
import { count, formatBytes } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { SnapshotPicker } from '../components/SnapshotPicker.js';
import { PlanTable } from '../components/PlanTable.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { TargetStep } from '../components/TargetStep.js';
import { ConfirmForm } from '../components/ConfirmForm.js';
import { ForgeRestore } from '../components/ForgeRestore.js';
import { useForge } from '../stores/forge.js';
import { shownText } from '../shown-text.js';

const STEPS: { step: WizardStep; label: string }[] = [
  { step: 'select', label: '1 Select' },
  { step: 'target', label: '2 Target' },
  { step: 'plan', label: '3 Plan & confirm' },
  { step: 'run', label: '4 Run & verify' },
];

/** What goes back into the live repository it was backed up from, not into the target folder. */
const LIVE_KINDS = new Set(['ref', 'pipeline']);

function heading(job: JobView): string {
  if (job.status === 'cancelled') return '■ Restore cancelled';
  if (job.status === 'done' && job.verification.every((v) => v.ok)) return '✔ Restored and verified';
  // Not every gap is a failed check: an entry the backup never held is named too, item by item.
  return job.verification.some((v) => !v.ok) ? '✖ Restore incomplete: each item below says what did not restore or verify' : '✖ Restore failed';
}

/** Select → Target → Plan → Confirm → Run → Verify. Nothing is written before the confirmation. */
export function RestoreScreen() {
  const { vaultId, snapshot, go } = useApp();
  const { selected, toggle } = useBrowse();
  const w = useRestore();
  // The plan (or run) shown was made for another selection, snapshot or vault: back to Select.
  const stale = w.planned !== null && (!vaultId || !samePlanned(w.planned, vaultId, snapshot, selected));
  useEffect(() => {
    if (stale) useRestore.getState().selectionChanged();
  }, [stale]);
  const forgeChoice = useForge((s) => s.choice);
  if (!vaultId) return null;
  const step = stale ? 'select' : w.step;
  // A change of a GitHub or GitLab source chosen in Diff goes back into the forge, not into a folder.
  if (forgeChoice && forgeChoice.vaultId === vaultId) {
    return (
      <section aria-labelledby="restore-title">
        <header className="row">
          <h1 id="restore-title">Restore</h1>
        </header>
        <ForgeRestore />
      </section>
    );
  }

  // Esc goes back a step (CONSOLE.md: keyboard first), never past Select and never out of a run.
  const back = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (step === 'target') w.setStep('select');
    else if (step === 'plan') w.setStep('target');
  };

  return (
    <section aria-labelledby="restore-title" onKeyDown={back}>
      <header className="row">
        <h1 id="restore-title">Restore</h1>
        <SnapshotPicker />
      </header>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s) => (
          <li key={s.step} aria-current={step === s.step ? 'step' : undefined} className={step === s.step ? 'current' : ''}>
            {s.label}
          </li>
        ))}
      </ol>
      <ErrorNote message={w.error} />

      {step === 'select' && (
        <div className="card">
          <h2>What to restore</h2>
          {selected.length === 0 ? (
            <p className="muted">Nothing selected yet: tick files, folders, sources or pipelines in Browse.</p>
          ) : (
            <ul>
              {selected.map((p) => (
                <li key={p}>
                  <span className="mono">{p}</span> <button className="small" aria-label={`Remove ${p}`} onClick={() => toggle(p)}>Remove</button>
                </li>
              ))}
            </ul>
          )}
          <button onClick={() => go('browse')}>Choose in Browse</button>{' '}
          <button className="primary" disabled={selected.length === 0} onClick={() => w.setStep('target')}>Next: target</button>
        </div>
      )}

      {step === 'target' && <TargetStep vaultId={vaultId} snapshot={snapshot} selected={selected} />}

      {step === 'plan' && w.plan && (
        <div className="card">
          <h2>
            The plan: {count(w.plan.items.length, 'item')}, {count(w.plan.files, 'file')}, {formatBytes(w.plan.bytes)}
            {w.plan.items.some((i) => !LIVE_KINDS.has(i.kind)) && (w.plan.inPlace ? ` back where they were, in ${w.plan.target}` : ` into ${w.plan.target}`)}
            {w.plan.items.some((i) => LIVE_KINDS.has(i.kind)) && '; refs and pipelines go back into the live repository'}
          </h2>
          <p className="muted" aria-label="Plan id">
            Plan <span className="mono">{w.plan.planId.slice(0, 8)}</span> of snapshot <span className="mono">{w.plan.snapshot.slice(0, 12)}</span>: Restore runs exactly this plan, once.
          </p>
          <PlanTable plan={w.plan} />
          {w.plan.blocked.map((b) => (
            <p key={b} className="error" role="alert">✖ {b}</p>
          ))}
          <ConfirmForm
            word={w.plan.confirmWord}
            value={w.confirm}
            onChange={w.setConfirm}
            blocked={w.plan.blocked.length > 0}
            busy={w.busy}
            action="Restore now"
            onConfirm={(opts) => void w.start(opts)}
            pipelineConsent={w.plan.pushesCommits}
            runsCi={w.plan.items.flatMap((i) => i.runsCi ?? [])}
            onBack={() => w.setStep('target')}
          />
        </div>
      )}

      {step === 'run' && (
        <div className="card">
          {w.job && <ProgressBar job={w.job} />}
          {w.job?.status === 'running' && (
            <button onClick={() => void w.cancel()}>Cancel the restore</button>
          )}
          {w.job && w.job.status !== 'running' && (
            <div aria-label="Verification">
              <h2>{heading(w.job)}</h2>
              {w.job.planId && <p className="muted">Ran plan <span className="mono">{w.job.planId.slice(0, 8)}</span>.</p>}
              {w.job.status === 'cancelled' ? (
                <p role="status">■ {w.job.error?.message ?? 'Cancelled by the operator'}. Items marked ✔ are restored and verified; an item marked ✖ says what of it was written (stopped while writing: nothing of it is at its destination); items not listed were not started.</p>
              ) : (
                w.job.error && <p className="error" role="alert">✖ {w.job.error.message}</p>
              )}
              <ul>
                {w.job.verification.map((v) => (
                  <li key={v.item} className={v.ok ? 'ok-text' : 'error'}>
                    {v.ok ? '✔' : '✖'} <span className="mono">{shownText(v.item)}</span>: {shownText(v.detail)}
                  </li>
                ))}
              </ul>
              <button onClick={() => (w.reset(), useBrowse.getState().select([]))}>Restore something else</button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
