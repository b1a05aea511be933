import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { countingHeads } from '../helpers/counting-heads.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { DAY_MS, fixedClock } from '../../src/util/clock.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { openVault } from '../../src/ops/open-vault.js';

describe('retention with dedup on S3', () => {
  it('a later backup extends the locks of the packs it reuses, read back from the server', async () => {
    const store = await lockedBucket();
    const clock = fixedClock(new Date());
    const day0 = clock.now().getTime();
    const v = await makeVault({ store, clock });
    const src = tempDir();
    writeFileSync(join(src, 'a.bin'), randomBytes(200_000));
    const args = { store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock, cacheRoot: v.cacheRoot };
    await backup(args);
    const packs = (await store.list('data/')).map((p) => p.key);
    expect(packs.length).toBeGreaterThan(0);
    for (const key of packs) {
      const until = (await store.head(key))!.retainUntil!.getTime();
      expect(Math.abs(until - (day0 + 30 * DAY_MS))).toBeLessThan(60_000);
    }

    clock.advance(40 * DAY_MS); // day 40: the day-0 packs would expire at day 30 without extension
    const second = await backup(args);
    expect(second.bytesRead).toBe(0); // nothing new was read: the packs are reused
    for (const key of packs) {
      const info = (await store.head(key))!;
      expect(info.lockMode).toBe('COMPLIANCE');
      expect(info.retainUntil!.getTime()).toBeGreaterThanOrEqual(day0 + 70 * DAY_MS);
    }
    const config = (await store.head('config/00000002'))!;
    expect(config.retainUntil!.getTime()).toBeGreaterThanOrEqual(day0 + 70 * DAY_MS);
  });

  it('an extension that loses a race to a later one is a refusal to shorten, not a failure', async () => {
    // Two agents extend the same pack at once: both read the old date, the later date lands first,
    // and the server refuses the earlier one (403). The store must see that it is already locked longer.
    const store = await lockedBucket();
    const now = Date.now();
    await store.put('data/aa/race', Buffer.from('pack'), { retainUntil: new Date(now + 2 * DAY_MS), lockMode: 'COMPLIANCE' });
    const before = (await store.head('data/aa/race'))!;
    await store.extendRetention('data/aa/race', new Date(now + 20 * DAY_MS)); // the other agent, first
    const realHead = store.head.bind(store);
    let stale = true; // this agent read the lock before the other agent's extension landed
    store.head = async (key, version) => (stale ? ((stale = false), before) : realHead(key, version));
    await expect(store.extendRetention('data/aa/race', new Date(now + 10 * DAY_MS))).rejects.toMatchObject({ code: 'IMMUTABLE' });
    expect((await realHead('data/aa/race'))!.retainUntil!.getTime()).toBe(new Date(now + 20 * DAY_MS).getTime());
  });

  it('posture remembers COMPLIANCE dates the server gave: far fewer HEADs, the same report, expiries still seen', async () => {
    const bucket = await lockedBucket();
    const clock = fixedClock(new Date());
    const v = await makeVault({ store: bucket, clock });
    const src = tempDir();
    const args = { store: bucket, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock, cacheRoot: v.cacheRoot };
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(src, `f${i}.bin`), randomBytes(300_000));
      await backup(args);
    }
    const { store, heads } = countingHeads(bucket);
    const check = async (withMemory: boolean) => {
      const reader = await openVault(store, v.identity, v.cacheRoot);
      return posture({ store, reader, clock, rpoHours: 24 * 90, rememberLocks: withMemory }).finally(() => reader.close());
    };
    const summary = (r: Awaited<ReturnType<typeof check>>) => [r.objects, r.unlockedObjects, r.expiredLocks, r.shortestRetention, r.immutable];

    const first = await check(true);
    expect(heads()).toBe(first.objects); // nothing remembered yet: every object is read
    const before = heads();
    const second = await check(true);
    expect(heads() - before).toBeLessThanOrEqual(3); // only what finds the true shortest lock
    expect(summary(second)).toEqual(summary(first));

    clock.advance(40 * DAY_MS); // the day-0 locks have run out by the remembered dates
    await backup(args); // extends the packs it reuses; the old snapshots' locks stay as they were
    const remembered = await check(true);
    expect(summary(remembered)).toEqual(summary(await check(false)));
    // the old snapshots' objects ran out as designed: counted apart, not what the latest snapshot needs
    expect(remembered.unlockedObjects.count).toBe(0);
    expect(remembered.expiredLocks.pastRetention).toBeGreaterThan(0);
    expect(remembered.shortestRetention!.remainingDays).toBeGreaterThan(25);
  });
});
