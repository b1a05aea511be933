import { describe, expect, it } from 'vitest';
import { selectionProgress, type JobProgress } from './restore-progress.js';
import type { SelectionPlan } from '../../ops/restore/selection-plan.js';

const item = (source: string, files: number, bytes: number) => ({ type: 'tree', source, files, bytes });
const plan = { items: [item('infra/k8s', 2, 300), item('infra/main.tf', 1, 50)], files: 3, bytes: 350 } as unknown as SelectionPlan;

describe('selection restore progress', () => {
  it('counts files and bytes across items against the plan, writing then verifying each', () => {
    const seen: JobProgress[] = [];
    const sink = selectionProgress(plan, (e) => seen.push(e));
    sink({ phase: 'restoring infra/k8s', done: 0, total: 300, unit: 'bytes' });
    sink({ phase: 'restore', done: 100, unit: 'bytes' });
    sink({ phase: 'restore', done: 300, unit: 'bytes' });
    sink({ phase: 'restoring infra/main.tf', done: 0, total: 50, unit: 'bytes' });
    sink({ phase: 'restore', done: 50, unit: 'bytes' });
    expect(seen.map((e) => [e.phase, e.done, e.items!.done])).toEqual([
      ['writing infra/k8s', 0, 0],
      ['writing infra/k8s', 100, 1],
      ['verifying infra/k8s', 300, 2],
      ['writing infra/main.tf', 300, 2],
      ['verifying infra/main.tf', 350, 3],
    ]);
    expect(seen.every((e) => e.total === 350 && e.items!.total === 3 && e.unit === 'bytes')).toBe(true);
  });
});
