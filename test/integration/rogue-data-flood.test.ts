import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { countingListings } from '../helpers/counting-store.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { listResolved } from '../../src/vault/listing.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { Lanes } from '../../src/util/lanes.js';
import { DAY_MS } from '../../src/util/clock.js';

const run = (v: TestVault, store: BlobStore, src: string, cacheRoot: string) =>
  backup({ store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot });

/**
 * Red team 5, R5-5: a hijacked agent puts empty objects under `data/` (its policy allows any key
 * there; on S3 each is COMPLIANCE-locked, undeletable). Every agent whose cache cannot vouch for its
 * packs (each run of the shipped CronJob: its cache is an emptyDir) listed the whole of `data/` and
 * held every key: 600,000 junk files made a backup take 506 MB and run out of memory at 256 MiB. An
 * agent now asks only about its own packs: what it is handed follows them, not the junk.
 */
async function flooded(store: BlobStore | undefined, junk: number) {
  const v = await makeVault({ ...(store && { store }) });
  const src = tempDir();
  writeFileSync(join(src, 'big.bin'), randomBytes(1024 * 1024)); // ~4 packs of 256 KiB
  await run(v, v.store, src, v.cacheRoot);
  const packs = (await listResolved(v.store, 'data/')).objects.size;
  const lanes = new Lanes(16);
  const until = { retainUntil: new Date(Date.now() + DAY_MS) };
  for (let i = 0; i < junk; i++) {
    const id = randomBytes(32).toString('hex');
    await lanes.run(() => v.store.put(`data/${id.slice(0, 2)}/${id}`, Buffer.alloc(0), until)); // what the writer's policy allows
  }
  await lanes.drain();
  return { v, src, packs };
}

async function freshAgentPays(v: TestVault, src: string, packs: number, junk: number) {
  const counted = countingListings(v.store, 'data/');
  const result = await run(v, counted.store, src, tempDir('bulkhead-cache-')); // a lost cache, an emptyDir
  expect(counted.asked.filter((a) => !a.startsWith('key ') && !/^pages data\/[0-9a-f]{2}\/$/.test(a))).toEqual([]); // never data/ whole
  expect(counted.rows()).toBeLessThanOrEqual(packs * 2 + 10); // its packs (and the junk beside them on a page), not the flood
  expect(counted.rows()).toBeLessThan(junk / 4);
  expect(result.bytesAdded).toBeLessThan(200_000); // it still dedups into its packs: the 1 MiB file is not stored again
}

describe('rogue: junk under data/ against agents without their cache (R5-5)', () => {
  it('a local vault: a fresh agent stats its own packs, never lists the flood', async () => {
    const junk = 4000;
    const { v, src, packs } = await flooded(undefined, junk);
    expect(packs).toBeGreaterThan(2);
    await freshAgentPays(v, src, packs, junk);
  });

  it('S3 with Object Lock: a fresh agent lists only its own packs\' keys or folders', async () => {
    const junk = 400;
    const { v, src, packs } = await flooded(await lockedBucket(), junk);
    await freshAgentPays(v, src, packs, junk);
  }, 120_000);
});
