import { describe, expect, it } from 'vitest';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { otherLineages } from './other-lineages.js';

const snap = (id: string, at: string, sources: string[], latestFor: string[], latest = false): SnapshotView => ({
  id, time: at, storedAt: at, at, latest, latestFor, host: 'h', writer: 'w', tags: [], bytesAdded: 0, warnings: [], anomalies: [],
  sources: sources.map((name) => ({ name, kind: name === 'db' ? 'stream' : 'git', files: 1, bytes: 1 })),
});

describe('sources the incident snapshot does not hold', () => {
  it('are listed with their own latest good snapshot, newest first; those it holds are not', () => {
    const dbRun = snap('db1', '2026-11-30T08:00:00Z', ['db'], ['db']);
    const olderRepo = snap('web1', '2026-11-30T07:00:00Z', ['web'], ['web']);
    const good = snap('api1', '2026-11-30T09:00:00Z', ['api'], ['api'], true);
    const found = otherLineages([olderRepo, dbRun, good], good);
    expect(found.map((o) => [o.name, o.kind, o.snapshot.id])).toEqual([['db', 'stream', 'db1'], ['web', 'git', 'web1']]);
    expect(otherLineages([good], good)).toEqual([]);
    expect(otherLineages([dbRun], null).map((o) => o.name)).toEqual(['db']);
  });
});
