import { describe, expect, it } from 'vitest';
import { findAnomalies, type SnapshotCounts } from './anomalies.js';
import type { SnapshotInfo } from '../vault/snapshot-list.js';

const snap = (id: string, writerId = 'w1', warnings: string[] = []) => ({ id, writerId, warnings }) as unknown as SnapshotInfo;
const counts = (sources: number, per: Record<string, Record<string, number>>): SnapshotCounts => ({ sources, perSource: new Map(Object.entries(per)) });

describe('anomalies', () => {
  it('flags a snapshot that lost more than half of the files, refs or pipelines of its source', () => {
    const snaps = [snap('a'), snap('b'), snap('c')];
    const found = findAnomalies(
      snaps,
      new Map([
        ['a', counts(2, { api: { refs: 40, pipelines: 4 }, cfg: { files: 100 } })],
        ['b', counts(2, { api: { refs: 38, pipelines: 1 }, cfg: { files: 60 } })],
        ['c', counts(2, { api: { refs: 3, pipelines: 1 }, cfg: { files: 29 } })],
      ]),
    );
    expect(found.get('a')).toEqual([]);
    expect(found.get('b')!.map((a) => a.message)).toEqual(['api lost 75% of its pipelines (4 → 1)']);
    expect(found.get('c')!.map((a) => a.message)).toEqual(['api lost 92% of its refs (38 → 3)', 'cfg lost 52% of its files (60 → 29)']);
  });

  it('flags repos vanishing from a writer\'s snapshot, and carries trust warnings', () => {
    const snaps = [snap('a'), snap('b', 'w2'), snap('c', 'w1', ['written by revoked writer "ci"'])];
    const found = findAnomalies(snaps, new Map([['a', counts(6, {})], ['b', counts(1, {})], ['c', counts(2, {})]]));
    expect(found.get('b')).toEqual([]); // another writer backs up other things
    expect(found.get('c')!.map((a) => a.message)).toEqual(['written by revoked writer "ci"', '2 sources, down from 6 in the previous snapshot']);
  });
});
