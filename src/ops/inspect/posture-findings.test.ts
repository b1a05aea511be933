import { describe, expect, it } from 'vitest';
import { makeVault } from '../../../test/helpers/vault.js';
import { DAY_MS } from '../../util/clock.js';
import { foreignFinding, lifecycleFindings, lockFindings, manifestTextFindings } from './posture-findings.js';
import { posture } from './posture.js';
import { openVault } from '../open-vault.js';

const now = new Date('2030-01-01T00:00:00Z');
const listed = (key: string, written: Date) => [key, { key, size: 1, lastModified: written, isDeleteMarker: false }] as const;
const pack = `data/ab/${'ab'.repeat(32)}`;
const index = `index/${'cd'.repeat(32)}`;
const probe = 'probe/20300101T000000Z-0123456789abcdef';

describe('posture findings about locks, lifecycle and foreign keys', () => {
  it('flags a lock that reads back earlier than its write (a wrapped date) and one far beyond the retention', () => {
    const objects = new Map([listed(pack, now), listed(index, now), listed(probe, now)]);
    const locks = new Map([
      [pack, { key: pack, lockMode: 'COMPLIANCE' as const, retainUntil: new Date('1970-11-24T17:31:44Z') }],
      [index, { key: index, lockMode: 'COMPLIANCE' as const, retainUntil: new Date(now.getTime() + 400 * DAY_MS) }],
      [probe, { key: probe, lockMode: 'GOVERNANCE' as const, retainUntil: new Date('1970-01-02T00:00:00Z') }],
    ]);
    const r = lockFindings({ locks, objects, retentionDays: 30, now });
    expect(r.findings.map((f) => [f.code, f.keys])).toEqual([
      ['retention-wrapped', [pack]],
      ['lock-too-long', [index]],
    ]);
    expect(r.notes.join()).toMatch(/wraps retention dates past 2106/);
  });

  it('keeps quiet about locks within the retention and its margin, and a probe the server kept', () => {
    const objects = new Map([listed(pack, now), listed(probe, now)]);
    const locks = new Map([
      [pack, { key: pack, lockMode: 'COMPLIANCE' as const, retainUntil: new Date(now.getTime() + 34 * DAY_MS) }],
      [probe, { key: probe, lockMode: 'GOVERNANCE' as const, retainUntil: new Date(2 ** 32 * 1000 + DAY_MS) }],
    ]);
    expect(lockFindings({ locks, objects, retentionDays: 30, now })).toEqual({ findings: [], notes: [] });
  });

  it('warns of a writer past half the manifest text one writer may hold, long before its snapshots are refused', () => {
    const MiB = 1024 * 1024;
    const text = { byWriter: new Map([['W1', 100 * MiB], ['W2', 140 * MiB]]), most: 256 * MiB };
    expect(manifestTextFindings(text, new Map([['W2', 'github-org']]))).toEqual([
      { code: 'manifest-text', message: expect.stringMatching(/^writer "github-org" \(W2\): its snapshots hold 140\.0 MiB of distinct manifest text, 54% of the 256\.0 MiB one writer may .*split its sources over more writers/) },
    ]);
    expect(manifestTextFindings({ byWriter: new Map([['W1', 100 * MiB]]), most: 256 * MiB }, new Map())).toEqual([]);
  });

  it('names destructive lifecycle rules only', () => {
    const f = lifecycleFindings([
      { id: 'gc', prefix: '', actions: ['deletes noncurrent versions after 1 day'], destructive: true },
      { id: 'mpu', prefix: '', actions: ['aborts incomplete uploads after 7 days'], destructive: false },
    ]);
    expect(f).toEqual([{ code: 'lifecycle-rule', message: 'bucket lifecycle rule "gc" (whole bucket) deletes noncurrent versions after 1 day' }]);
    expect(foreignFinding([])).toEqual([]);
  });

  it('a local vault with foreign keys: posture reads on, reports them once each, and still checks the rest', async () => {
    const v = await makeVault();
    const later = { retainUntil: new Date(Date.now() + DAY_MS) };
    for (const k of ['index/has space', 'snapshots/zzz', 'data/xx/bad', 'other/thing']) await v.store.put(k, Buffer.from('junk'), later);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const r = await posture({ store: v.store, reader, clock: v.clock, rpoHours: 24 });
    reader.close();
    const foreign = r.findings.find((f) => f.code === 'foreign-objects')!;
    expect(foreign.keys).toEqual(['data/xx/bad', 'index/has space', 'other/thing', 'snapshots/zzz']);
    expect(r.foreignObjects).toMatchObject({ count: 4, bytes: 16 });
    expect(r.tampered).toEqual([]);
  });
});
