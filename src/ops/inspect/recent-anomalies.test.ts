import { describe, expect, it } from 'vitest';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { Anomaly } from './anomalies.js';
import { recentAnomalies } from './recent-anomalies.js';

let hour = 0;
const snap = (id: string, sources: string[], opts: { warnings?: string[]; failed?: string[]; laterHours?: number } = {}) =>
  ({
    id,
    at: new Date(Date.UTC(2026, 10, 30, (hour += 1 + (opts.laterHours ?? 0)))).toISOString(),
    warnings: opts.warnings ?? [],
    manifest: { sources: sources.map((name) => ({ name, ...(opts.failed?.includes(name) && { failed: 'x' }) })) },
  }) as unknown as SnapshotInfo;
const about = (source: string | null): Anomaly => ({ source, message: `${source ?? 'snapshot'} flagged` });

describe('posture: anomalies that are still present', () => {
  it('a later run of another source does not make a wiped repository history', () => {
    const wiped = snap('wipe', ['api', 'db']);
    const dbRuns = [snap('db1', ['db']), snap('db2', ['db'])];
    const found = recentAnomalies([snap('ok', ['api', 'db']), wiped, ...dbRuns], new Map([['wipe', [about('api')]]]));
    expect(found).toEqual([expect.stringMatching(/^wipe .*: api flagged$/)]);
  });

  it('a later whole backup of that source ends it; an untrusted or failed one does not', () => {
    const flags = new Map([['wipe', [about('api')]]]);
    expect(recentAnomalies([snap('wipe', ['api']), snap('back', ['api'])], flags)).toEqual([]);
    expect(recentAnomalies([snap('wipe', ['api']), snap('forged', ['api'], { warnings: ['untrusted'] })], flags)).toHaveLength(1);
    expect(recentAnomalies([snap('wipe', ['api']), snap('failed', ['api'], { failed: ['api'] })], flags)).toHaveLength(1);
    expect(recentAnomalies([snap('wipe', ['api']), snap('again', ['api'])], new Map([...flags, ['again', [about('api')]]]))).toHaveLength(2);
  });

  it('an anomaly about a snapshot as a whole stands until a later snapshot has no anomaly at all', () => {
    const flags = new Map<string, Anomaly[]>([['empty', [about(null)]], ['next', [about('cfg')]]]);
    expect(recentAnomalies([snap('empty', []), snap('next', ['cfg'])], flags)).toHaveLength(2);
    expect(recentAnomalies([snap('empty', []), snap('next', ['cfg']), snap('whole', ['cfg'])], flags)).toEqual([]);
  });

  it('a history event (a branch deleted, a force-push) stands past the next whole snapshot, for SETTLE_MS of whole ones', () => {
    const flags = new Map<string, Anomaly[]>([['strike', [{ source: 'api', message: 'api: release/1.4 deleted', kind: 'history' }]]]);
    const strike = snap('strike', ['api']);
    const next = snap('next', ['api']);
    expect(recentAnomalies([strike, next], flags)).toEqual([expect.stringMatching(/^strike .*: api: release\/1\.4 deleted$/)]);
    expect(recentAnomalies([strike, next, snap('db', ['db'], { laterHours: 24 * 8 })], flags)).toHaveLength(1); // another source's run settles nothing
    expect(recentAnomalies([strike, next, snap('week', ['api'], { laterHours: 24 * 7 })], flags)).toEqual([]);
    expect(recentAnomalies([strike, next, snap('forged', ['api'], { laterHours: 24 * 8, warnings: ['untrusted'] })], flags)).toHaveLength(1);
  });
});
