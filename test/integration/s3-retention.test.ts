import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { DAY_MS, fixedClock } from '../../src/util/clock.js';

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
});
