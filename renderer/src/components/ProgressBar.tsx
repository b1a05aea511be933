import type { JobView } from '../../../src/api/restore-methods.js';
import { count, duration, formatBytes } from '../format.js';
import { shownText } from '../shown-text.js';
import { whenExact } from '../snapshot-label.js';

const amount = (n: number, unit: JobView['unit']) => (unit === 'bytes' ? formatBytes(n) : count(n, 'item'));

/** Bytes, items, rate and time left, in words as well as a bar. */
export function ProgressBar({ job, compact = false }: { job: JobView; compact?: boolean }) {
  const fraction = job.status !== 'running' ? 1 : job.total ? Math.min(1, job.done / job.total) : 0;
  // A job whose check found a difference failed, whatever else it did: never "done" beside a ✖.
  const failed = job.status === 'failed' || job.verification.some((v) => !v.ok);
  const state =
    job.status === 'running' ? `${Math.round(fraction * 100)}%` : job.status === 'cancelled' ? '■ cancelled' : failed ? `✖ failed${job.verification.some((v) => !v.ok) ? ' (verification)' : ''}` : '✔ done';
  return (
    <div className={`progress ${failed ? 'failed' : job.status}${compact ? ' compact' : ''}`}>
      <div className="progress-title">
        {shownText(job.title)}
        {/* When it ran: a finished job in the strip is read later (an incident's timeline, after a lock). */}
        <span className="muted"> · {ranWhen(job)}</span>
      </div>
      <div className="bar" role="progressbar" aria-label={shownText(job.title)} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <div className="progress-detail">
        {state}
        {job.status !== 'done' && ` · ${job.phase}`}
        {job.items && job.items.total > 0 && ` · ${job.items.done.toLocaleString('en-US')} of ${count(job.items.total, 'file')}`} · {amount(job.done, job.unit)}
        {job.total !== null && ` of ${amount(job.total, job.unit)}`}
        {job.rate !== null && ` · ${amount(Math.round(job.rate), job.unit)}/s`}
        {job.etaSeconds !== null && ` · ${duration(job.etaSeconds)} left`}
      </div>
    </div>
  );
}

/** "started 2026-12-01 03:06:11 UTC", or once ended "2026-12-01 03:06:11 UTC, took 1 s". */
function ranWhen(job: JobView): string {
  if (!job.finished) return `started ${whenExact(job.started)}`;
  return `${whenExact(job.started)}, took ${duration(Math.max(0, (Date.parse(job.finished) - Date.parse(job.started)) / 1000))}`;
}
