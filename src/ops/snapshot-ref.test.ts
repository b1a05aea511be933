import { describe, expect, it } from 'vitest';
import { latestOf, latestPerSource } from './snapshot-ref.js';
import type { SnapshotInfo } from '../vault/snapshot-list.js';
import type { Anomaly } from './inspect/anomalies.js';

const snap = (id: string, sources: { name: string; failed?: boolean }[]) =>
  ({ id, warnings: [], manifest: { sources: sources.map((s) => ({ name: s.name, ...(s.failed && { failed: { reason: 'unreachable' } }) })) } }) as unknown as SnapshotInfo;

describe('latest, per source lineage', () => {
  const a = snap('a', [{ name: 'docs' }, { name: 'api' }]);
  const b = snap('b', [{ name: 'docs' }, { name: 'api', failed: true }]);
  const c = snap('c', [{ name: 'cfg' }]);
  const none = new Map<string, Anomaly[]>();

  it('passes over a snapshot in which a source failed, and says why', () => {
    const chosen = latestOf([a, b], none);
    expect(chosen.snap.id).toBe('a');
    expect(chosen.skipped.map((k) => k.reasons)).toEqual([['the backup of api failed']]);
  });

  it('for one source, only its own failures and anomalies count; a snapshot without it is passed over', () => {
    expect(latestOf([a, b, c], none, 'docs').snap.id).toBe('b');
    expect(latestOf([a, b, c], none, 'api').snap.id).toBe('a');
    expect(latestOf([a, b, c], new Map([['b', [{ source: 'api', message: 'api lost 90% of its refs' }]]]), 'docs').snap.id).toBe('b');
    expect(latestOf([a, b, c], new Map([['b', [{ source: null, message: 'holds no sources at all' }]]]), 'docs').snap.id).toBe('a');
  });

  it('for one source, snapshots without it are not candidates and not named as passed over; none holding it is an error', () => {
    expect(latestOf([a, b, c], none, 'docs').skipped).toEqual([]);
    expect(latestOf([a, c], none, 'api')).toEqual({ snap: a, skipped: [] });
    expect(() => latestOf([a, b, c], none, 'nope')).toThrow(/no snapshot holds a source named "nope"/);
  });

  it('when every snapshot has a failure, failures alone do not count (the restore then names the failed source)', () => {
    expect(latestOf([b], none).snap.id).toBe('b');
    expect(latestOf([b], none, 'api').snap.id).toBe('b');
  });

  it('latestPerSource gives each source what latestOf gives it, in one pass', () => {
    const d = snap('d', [{ name: 'docs' }]);
    const e = snap('e', [{ name: 'cfg', failed: true }, { name: 'api' }]);
    const warned = { ...snap('f', [{ name: 'docs' }, { name: 'web' }]), warnings: ['its writer was revoked'] } as SnapshotInfo;
    const all = [a, b, c, d, e, warned];
    const anomalies = new Map([['d', [{ source: 'docs', message: 'docs lost 90% of its files' }]]]);
    const per = latestPerSource(all, anomalies);
    for (const name of ['docs', 'api', 'cfg']) expect(per.get(name)?.id, name).toBe(latestOf(all, anomalies, name).snap.id);
    expect(per.get('web')).toBeUndefined(); // only in a warned snapshot: latestOf finds no trusted one either
    expect(() => latestOf(all, anomalies, 'web')).toThrow();
  });
});
