import type { ProgressSink } from '../../util/progress.js';

/** Where a restore run is: one item of the plan, writing or reading back, in files and bytes. */
export interface RestoreProgress {
  phase: 'writing' | 'verifying';
  /** The item (its browse path) and its place in the plan. */
  item: string;
  index: number;
  count: number;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
}

export type RestoreProgressSink = (p: RestoreProgress) => void;

export const noRestoreProgress: RestoreProgressSink = () => {};

/** How often a phase reports at most: a 100,000-file restore is not 100,000 events. */
const EVERY_MS = 100;

/** Drops events closer together than EVERY_MS, except each phase's first and last. */
export function throttled(sink: RestoreProgressSink): RestoreProgressSink {
  let last = 0;
  let phase = '';
  return (p) => {
    const now = performance.now();
    const key = `${p.index} ${p.phase}`;
    const end = p.files.done >= p.files.total && p.bytes.done >= p.bytes.total;
    if (key === phase && !end && now - last < EVERY_MS) return;
    phase = key;
    last = now;
    sink(p);
  };
}

/**
 * The writer's per-file events (bytes written so far, one event a file) as the writing phase of one
 * item, and the cancel check: an aborted signal stops the writer at its next file. At most one
 * event per EVERY_MS goes on (and the last): building three objects per blob that `throttled`
 * then dropped was ~0.17 CPU s of the bench corpus's restore on the main thread.
 */
export function writingSink(base: Omit<RestoreProgress, 'phase' | 'files' | 'bytes'>, totals: { files: number; bytes: number }, sink: RestoreProgressSink, signal?: AbortSignal): ProgressSink {
  let files = 0;
  let last = performance.now();
  sink({ ...base, phase: 'writing', files: { done: 0, total: totals.files }, bytes: { done: 0, total: totals.bytes } });
  return (e) => {
    signal?.throwIfAborted();
    if (e.phase !== 'restore') return;
    files++;
    const now = performance.now();
    if (now - last < EVERY_MS && (files < totals.files || e.done < totals.bytes)) return;
    last = now;
    sink({ ...base, phase: 'writing', files: { done: files, total: totals.files }, bytes: { done: e.done, total: totals.bytes } });
  };
}
