import { describe, expect, it } from 'vitest';
import type { ListedVersion } from '../storage/blob-store.js';
import { versionToken } from './listing.js';
import { EVERY_FILE_MS, localSnapshotObjects } from './snapshot-listing.js';
import type { SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const keyAt = (i: number) => `snapshots/${new Date(T0 + i * HOUR).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${i.toString(16).padStart(16, '0')}`;

/** A listed local file whose stat is counted when its size or time is read (as LazyListed stats on first use). */
function listed(n: number, stats: Set<string>, at = (i: number) => T0 + i * HOUR + 1000): ListedVersion[] {
  return Array.from({ length: n }, (_, i) => {
    const key = keyAt(i);
    return {
      key,
      isDeleteMarker: false,
      get size() {
        stats.add(key);
        return 100 + i;
      },
      get lastModified() {
        stats.add(key);
        return new Date(at(i));
      },
    };
  });
}

/** The cache's verdicts for the first `n` keys, as a look that stat'ed them recorded them. */
function cached(n: number, everyAt?: number): SnapshotVerdicts {
  const unopened = new Map<string, UnopenedSnapshot>();
  const quiet = new Set<string>();
  for (const v of listed(n, quiet)) unopened.set(v.key, { version: versionToken(v), writers: 'w' });
  return { opened: new Map(), unopened, ...(everyAt !== undefined && { everyAt }) };
}

describe('a local vault’s snapshot files, stat’ed new, sampled, and every one at least daily (#14)', () => {
  const now = T0 + 400 * HOUR;

  it('stats every file without a record of a look that did (no cache, one that did not open, the form before)', () => {
    const stats = new Set<string>();
    const got = localSnapshotObjects(listed(300, stats), cached(300), now);
    expect(got.everyFile).toBe(true);
    expect(stats.size).toBe(300);
    expect([...got.objects.keys()]).toEqual(Array.from({ length: 300 }, (_, i) => keyAt(i)));
  });

  it('stats new files and a sample; the rest take the size and time the cache recorded, in store-time order', () => {
    const stats = new Set<string>();
    const got = localSnapshotObjects(listed(1000, stats), cached(990, now - HOUR), now, 10);
    expect(got.everyFile).toBe(false);
    expect(stats.size).toBe(10 + 10); // the 10 new ones and 10 sampled
    for (let i = 990; i < 1000; i++) expect(stats.has(keyAt(i))).toBe(true);
    expect([...got.objects.keys()]).toEqual(Array.from({ length: 1000 }, (_, i) => keyAt(i)));
    const quiet = new Set<string>();
    expect([...got.objects.values()].map(versionToken)).toEqual(listed(1000, quiet).map(versionToken));
  });

  it('a replaced file (another size or time) is seen by the next look that stats it: sampled, or every file a day on', () => {
    const replacedAt = (i: number) => (i === 5 ? T0 + 999 * HOUR : T0 + i * HOUR + 1000);
    const token = (r: { objects: Map<string, ListedVersion> }) => versionToken(r.objects.get(keyAt(5))!);
    const stats = new Set<string>();
    const as = cached(20, now - HOUR);
    const wasToken = as.unopened.get(keyAt(5))!.version;
    // not stat'ed on a look that samples none of it: the recorded token stands until one does
    expect(token(localSnapshotObjects(listed(20, stats, replacedAt), as, now, 0))).toBe(wasToken);
    // sampled (a small vault: every file), a day after the last look at every file, a clock gone back
    expect(token(localSnapshotObjects(listed(20, stats, replacedAt), as, now))).not.toBe(wasToken);
    expect(token(localSnapshotObjects(listed(20, stats, replacedAt), cached(20, now - EVERY_FILE_MS), now, 0))).not.toBe(wasToken);
    expect(token(localSnapshotObjects(listed(20, stats, replacedAt), cached(20, now + HOUR), now, 0))).not.toBe(wasToken);
  });

  it('stats a file whose recorded token is not a local one (a version id, not numbers)', () => {
    const stats = new Set<string>();
    const as = cached(3, now - HOUR);
    as.unopened.set(keyAt(0), { version: 'v1:100:5', writers: 'w' });
    as.unopened.set(keyAt(1), { version: ':x:5', writers: 'w' });
    localSnapshotObjects(listed(3, stats), as, now, 0);
    expect([...stats].sort()).toEqual([keyAt(0), keyAt(1)]);
  });
});
