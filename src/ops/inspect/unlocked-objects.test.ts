import { describe, expect, it } from 'vitest';
import type { ListedVersion } from '../../storage/blob-store.js';
import { DAY_MS } from '../../util/clock.js';
import type { ObjectLock } from './object-locks.js';
import { expiredLocksFinding, pastRetentionNote, sortUnlocked, unlockedFinding } from './unlocked-objects.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY_MS);
const lock = (key: string, until: Date | undefined, mode: ObjectLock['lockMode'] = 'COMPLIANCE'): ObjectLock => ({ key, lockMode: mode, ...(until && { retainUntil: until }) });
const listed = (key: string, written: Date): ListedVersion => ({ key, size: 0, lastModified: written, isDeleteMarker: false });

// written → lock ends: a real pack locked for seconds, junk locked for seconds, an old pack past its 30 days, one still locked
const rows: [ObjectLock, Date][] = [
  [lock('data/aa/real', at(1)), at(1.001)],
  ...Array.from({ length: 25 }, (_, i): [ObjectLock, Date] => [lock(`data/00/00junk${String(i).padStart(2, '0')}`, at(2)), at(2.0001)]),
  [lock('data/bb/old', at(5)), at(35)],
  [lock('index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', at(4)), at(34)],
  [lock('index/seg', undefined, 'NONE'), at(3)],
  [lock('data/cc/fine', at(-20)), at(10)],
  [lock('probe/20260101T000000Z-0123456789abcdef', new Date(0)), at(50)],
];
const locks = new Map(rows.map(([l]) => [l.key, l]));
const objects = new Map(rows.map(([l, w]) => [l.key, listed(l.key, w)]));

describe('sortUnlocked', () => {
  it('puts what the latest snapshots need first, however many junk keys sort before it', () => {
    const u = sortUnlocked({ locks, objects, needed: new Set(['data/aa/real', 'data/cc/fine']), now: NOW, retentionDays: 30 });
    expect(u.needed).toEqual(['data/aa/real']);
    expect(u.shortLocked).toHaveLength(26); // 25 junk, and the index segment with no lock
    expect(u.shortLocked).toContain('index/seg');
    expect(u.pastRetention).toEqual(['data/bb/old', 'index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']);
    const [serious] = unlockedFinding(u, true);
    expect(serious).toMatchObject({ code: 'unlocked-objects', keys: ['data/aa/real'] });
    const [other] = expiredLocksFinding(u, 30);
    expect(other!.code).toBe('expired-locks');
    expect(other!.message).toMatch(/^26 objects no latest snapshot needs were locked for less than the 30-day retention/);
    // what ran out as designed is a note, not a finding: an old vault is not a finding for ever
    // an index segment past the retention is not "keep or delete": later snapshots' packs are found through it
    expect(pastRetentionNote(u)).toEqual([expect.stringMatching(/^1 objects no latest snapshot needs are past the retention .*keep or delete them\)$/), expect.stringMatching(/^1 index segments are past the retention: keep them/)]);
    expect(expiredLocksFinding({ ...u, shortLocked: [] }, 30)).toEqual([]);
    expect(other!.keys).toHaveLength(20);
    expect(other!.keys![0]).toMatch(/^data\/00\/00junk/);
  });

  it('without the identity every object is needed: nothing is set aside', () => {
    const u = sortUnlocked({ locks, objects, now: NOW, retentionDays: 30 });
    expect(u.needed).toHaveLength(29);
    expect(u.shortLocked.length + u.pastRetention.length).toBe(0);
    expect(expiredLocksFinding(u, 30)).toEqual([]);
  });
});
