import { describe, expect, it } from 'vitest';
import { jobProgress, planStart, wholeRun, type JobProgress } from './restore-progress.js';

describe('restore progress as a job', () => {
  it('names the phase and the item, and counts files and bytes against that phase', () => {
    const seen: JobProgress[] = [];
    const sink = jobProgress((e) => seen.push(e));
    sink({ phase: 'writing', item: 'infra/k8s', index: 0, count: 2, files: { done: 1, total: 2 }, bytes: { done: 100, total: 300 } });
    sink({ phase: 'verifying', item: 'infra/k8s', index: 0, count: 2, files: { done: 2, total: 2 }, bytes: { done: 300, total: 300 } });
    sink({ phase: 'writing', item: 'app.git', index: 1, count: 2, files: { done: 0, total: 0 }, bytes: { done: 0, total: 0 } });
    expect(seen).toEqual([
      { phase: 'writing infra/k8s (item 1 of 2)', done: 100, total: 300, unit: 'bytes', items: { done: 1, total: 2 } },
      { phase: 'verifying infra/k8s (item 1 of 2)', done: 300, total: 300, unit: 'bytes', items: { done: 2, total: 2 } },
      { phase: 'writing app.git (item 2 of 2)', done: 0, unit: 'items', items: { done: 0, total: 0 } },
    ]);
  });

  it('says nothing of items for a one-item plan', () => {
    const seen: JobProgress[] = [];
    jobProgress((e) => seen.push(e))({ phase: 'verifying', item: 'big', index: 0, count: 1, files: { done: 5, total: 10 }, bytes: { done: 50, total: 100 } });
    expect(seen[0]!.phase).toBe('verifying big');
  });

  it('a finished restore shows the whole plan, not its last item', () => {
    // A folder of 3 files then a ref pushed back: the last item counted 0 files and 0 bytes.
    expect(planStart({ items: ['infra/k8s'], files: 20_000, bytes: 5_000_000 })).toEqual({ phase: 'starting', done: 0, total: 5_000_000, unit: 'bytes', items: { done: 0, total: 20_000 } });
    expect(planStart({ items: ['api/refs/refs/heads/a'], files: 0, bytes: 0 })).toEqual({ phase: 'starting', done: 0, total: 1, unit: 'items', items: { done: 0, total: 0 } });
    expect(wholeRun({ items: ['infra/k8s', 'api/refs/refs/heads/feature'], files: 3, bytes: 2048 })).toEqual({ phase: 'done', done: 2048, total: 2048, unit: 'bytes', items: { done: 3, total: 3 } });
    expect(wholeRun({ items: ['api/refs/refs/heads/a', 'api/refs/refs/tags/v1'], files: 0, bytes: 0 })).toEqual({ phase: 'done', done: 2, total: 2, unit: 'items', items: { done: 0, total: 0 } });
  });
});
