import type { RestoreProgressSink } from '../../ops/restore/run-progress.js';
import type { ProgressEvent } from '../../util/progress.js';

/** A job's progress: bytes (the bar, the rate, the time left) and, when known, items. */
export interface JobProgress extends ProgressEvent {
  items?: { done: number; total: number };
}

/**
 * A restore run's progress as a job's: the phase in words (writing, then verifying, each item, and
 * which item of how many), files and bytes of that phase against its totals, so the bar, the rate
 * and the time left are the phase's own. Work with no bytes to count (a git push) counts items.
 */
export function jobProgress(sink: (e: JobProgress) => void): RestoreProgressSink {
  return (p) => {
    const of = p.count > 1 ? ` (item ${p.index + 1} of ${p.count})` : '';
    const bytes = p.bytes.total > 0;
    sink({
      phase: `${p.phase} ${p.item}${of}`,
      done: bytes ? p.bytes.done : p.files.done,
      ...((bytes || p.files.total > 0) && { total: bytes ? p.bytes.total : p.files.total }),
      unit: bytes ? 'bytes' : 'items',
      items: { ...p.files },
    });
  };
}

/**
 * A restore as its job shows it before its first item reports: the plan's files and bytes, none
 * done. (The job's own start said "starting · 0 items" until then, on a busy machine for seconds.)
 */
export function planStart(plan: { items: readonly unknown[]; files: number; bytes: number }): JobProgress {
  const items = { done: 0, total: plan.files };
  if (plan.bytes > 0) return { phase: 'starting', done: 0, total: plan.bytes, unit: 'bytes', items };
  return { phase: 'starting', done: 0, total: plan.items.length, unit: 'items', items };
}

/**
 * A restore that ended whole, as its job shows it afterwards: the whole plan's files and bytes.
 * Without it the finished job kept its last item's numbers ("✔ done · 0 items" after a ref went
 * back by git push, behind a folder of 3 files). A plan of refs only counts its items.
 */
export function wholeRun(plan: { items: readonly unknown[]; files: number; bytes: number }): JobProgress {
  const items = { done: plan.files, total: plan.files };
  if (plan.bytes > 0) return { phase: 'done', done: plan.bytes, total: plan.bytes, unit: 'bytes', items };
  return { phase: 'done', done: plan.items.length, total: plan.items.length, unit: 'items', items };
}
