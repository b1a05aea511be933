import { useId, useState } from 'react';
import type { JobView } from '../../../src/api/restore-methods.js';
import { useForge } from '../stores/forge.js';
import { ErrorNote } from './ErrorNote.js';
import { ConfirmForm } from './ConfirmForm.js';
import { ProgressBar } from './ProgressBar.js';
import { forgeLabel } from './forge-labels.js';
import { shownText } from '../shown-text.js';

type Line = JobView['verification'][number];

/** A forge step's end: a written step the forge still differs on is not "not restored" (the write happened). */
const differs = (v: Line) => v.outcome === 'differs';
const failed = (v: Line) => !v.ok && !differs(v);

function heading(job: JobView): string {
  if (job.status === 'done' && job.verification.every((v) => v.ok)) return '✔ Restored and verified';
  const [f, d] = [job.verification.filter(failed).length, job.verification.filter(differs).length];
  if (f + d === 0) return '✖ Restore failed';
  const parts = [...(f > 0 ? [`${f} not restored (the step failed)`] : []), ...(d > 0 ? [`${d} written, but the forge still differs`] : [])];
  return `✖ Restore incomplete: ${parts.join(', ')}`;
}

const mark = (v: Line) => (v.ok ? '✔' : differs(v) ? '≠' : '✖');

/** The operator's restore token: typed here, sent with the plan request, then cleared from the field. */
function TokenForm({ forgeName, busy, onPlan }: { forgeName: string; busy: boolean; onPlan(token: string): Promise<boolean> }) {
  const [token, setToken] = useState('');
  const hint = useId();
  return (
    <form aria-label="Restore token" onSubmit={(e) => (e.preventDefault(), token && void onPlan(token).finally(() => setToken('')))}>
      <label className="field">
        <span>Your restore token for {forgeName}</span>
        <input type="password" aria-label="Restore token" aria-describedby={hint} value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <p id={hint} className="muted">
        A token that may administer the repositories (GitHub) or with the api scope (GitLab). It is used for this restore only: never stored, never logged, and the console forgets it when the plan runs, after 30 minutes or when the identity locks.
      </p>
      <button type="submit" className="primary" disabled={!token || busy}>{busy ? 'Reading the forge…' : 'Show the plan'}</button>
    </form>
  );
}

/** A forge restore: token → plan (one line per change) → typed owner or group → run → verified result per step. */
export function ForgeRestore() {
  const f = useForge();
  if (!f.choice) return null;
  const forgeName = f.choice.forge;
  return (
    <div className="card" aria-label="Forge restore">
      <h2>Put back into the forge: {f.choice.label}</h2>
      <p className="muted">
        Source <span className="mono">{f.choice.source}</span>, snapshot <span className="mono">{f.choice.snapshot.slice(0, 12)}</span>.
      </p>
      <ErrorNote message={f.error} />
      {!f.plan && !f.jobId && <TokenForm forgeName={forgeName} busy={f.busy} onPlan={f.makePlan} />}
      {f.plan && !f.jobId && (
        <>
          <h3>The plan: {f.plan.steps.length} {f.plan.steps.length === 1 ? 'change' : 'changes'} put back in {f.plan.account}</h3>
          <p className="muted" aria-label="Plan id">
            Plan <span className="mono">{f.plan.planId.slice(0, 8)}</span>: Restore runs exactly this plan, once.
          </p>
          <ol aria-label="What will be put back">
            {f.plan.steps.map((s) => (
              <li key={s.key}>
                {/* The snapshot's writer chose these names and what they say: shown escaped, as the CLI prints them (round 7). */}
                <strong>{forgeLabel(s.type)}</strong> <span className="mono">{shownText(`${s.scope}${s.target ? ` ${s.target}` : ''}`)}</span>: {shownText(s.does)}
                {s.cannot && <span className="muted"> — cannot be restored as it was: {shownText(s.cannot)}</span>}
              </li>
            ))}
          </ol>
          {f.plan.notRestorable.length > 0 && (
            <>
              <h3>Not restorable</h3>
              <ul aria-label="Not restorable">
                {f.plan.notRestorable.map((c) => (
                  <li key={`${c.scope}:${c.type}:${c.target ?? ''}`}>
                    {forgeLabel(c.type)} <span className="mono">{shownText(`${c.scope}${c.target ? ` ${c.target}` : ''}`)}</span>{c.note && ` — ${shownText(c.note)}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <ConfirmForm word={f.plan.confirmWord} value={f.confirm} onChange={f.setConfirm} blocked={f.plan.steps.length === 0} busy={f.busy} action="Restore now"
            onConfirm={(opts) => void f.start(opts)}
            // A recreated repository or project gets its refs pushed: their pipelines are new to it, refused unless allowed.
            pipelineConsent={f.plan.steps.some((s) => !!s.runsCi)}
            runsCi={f.plan.steps.flatMap((s) => s.runsCi ?? [])}
            onBack={() => useForge.setState({ plan: null })}
          />
        </>
      )}
      {f.jobId && f.job && <ProgressBar job={f.job} />}
      {f.job && f.job.status !== 'running' && (
        <div aria-label="Verification">
          <h3>{heading(f.job)}</h3>
          {f.job.error && <p className="error" role="alert">✖ {f.job.error.message}</p>}
          <ul>
            {f.job.verification.map((v) => (
              <li key={v.item} className={v.ok ? 'ok-text' : differs(v) ? 'warn' : 'error'}>
                {mark(v)} <span className="mono">{shownText(v.item)}</span>: {shownText(v.detail)}
              </li>
            ))}
          </ul>
          <button onClick={() => f.reset()}>Done</button>
        </div>
      )}
    </div>
  );
}
