import type { SelectionPlan } from '../../ops/restore/selection-plan.js';
import type { ProgressEvent, ProgressSink } from '../../util/progress.js';

/** A job's progress: bytes (the bar, the rate, the time left) and, when known, items. */
export interface JobProgress extends ProgressEvent {
  items?: { done: number; total: number };
}

/**
 * Turns the events of a selection restore into the whole plan's progress: bytes and files of every
 * item so far against the plan's totals, and the phase in words (writing, then verifying, each
 * item). The restore reports each file it writes with the bytes written so far in that item, and
 * nothing while it verifies: once an item's files are all written, it is verifying.
 */
export function selectionProgress(plan: SelectionPlan, sink: (e: JobProgress) => void): ProgressSink {
  let index = -1;
  let before = { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  return (e) => {
    const next = plan.items.findIndex((i) => e.phase === `restoring ${i.source}`);
    if (next >= 0) {
      const prev = plan.items[index];
      if (prev) before = { files: before.files + prev.files, bytes: before.bytes + prev.bytes };
      index = next;
      files = 0;
      bytes = 0;
    } else if (e.phase === 'restore') {
      files++;
      bytes = e.done;
    }
    const item = plan.items[index];
    const verifying = item !== undefined && (item.type === 'tree' || item.type === 'in-place') && item.files > 0 && files >= item.files;
    const phase = item ? `${verifying ? 'verifying' : 'writing'} ${item.source}` : e.phase;
    sink({ phase, done: before.bytes + bytes, total: plan.bytes || undefined, unit: 'bytes', items: { done: before.files + files, total: plan.files } });
  };
}
