import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { lockedBucket } from '../helpers/s3.js';
import { agentClient, agentStore, RGW_ENFORCES_RETENTION_CAP } from '../helpers/agent-s3.js';
import { countingHeads } from '../helpers/counting-heads.js';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { EXPIRED_SAMPLE } from '../../src/ops/inspect/object-locks.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { DAY_MS, fixedClock, systemClock, type Clock } from '../../src/util/clock.js';

/**
 * Red team 3b, B2: a hijacked agent, with the restricted keys `vault policy` makes, stores
 * pack-shaped objects under COMPLIANCE locks of seconds. Where the server enforces the policy's
 * floor (AWS) the put is refused; Ceph RGW 16 ignores the object-lock condition keys
 * (RGW_ENFORCES_RETENTION_CAP), so there posture must bear them: asked once, not at every look,
 * and reported apart from what the latest snapshots need.
 */
const JUNK = 60;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');

/** The hijacked agent's put with its own restricted keys: a pack-shaped 0-byte key locked for `ms`. */
function shortPut(store: S3Store, ms: number, key = `data/00/00${randomBytes(31).toString('hex')}`) {
  const Body = Buffer.alloc(0);
  return agentClient().send(
    new PutObjectCommand({ Bucket: store.bucket, Key: store.location.prefix + key, Body, ContentMD5: md5(Body), ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(Date.now() + ms) }),
  );
}

async function backedUp(store: BlobStore, v: TestVault, clock: Clock): Promise<void> {
  const src = tempDir();
  writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
  writeFileSync(join(src, 'data.bin'), randomBytes(100_000));
  await backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock, cacheRoot: v.cacheRoot });
}

/** Posture two minutes on: the 30-second locks have run out. */
async function look(store: BlobStore, v: TestVault, allLocks = false) {
  const reader = await openVault(store, v.identity, v.cacheRoot);
  try {
    return await posture({ store, reader, clock: fixedClock(new Date(Date.now() + 120_000)), rpoHours: 24 * 60, allLocks });
  } finally {
    reader.close();
  }
}

describe('a hijacked agent’s short COMPLIANCE locks (restricted agent keys)', () => {
  it('the policy floors every lock at the retention less a day: the honest backup passes, a 30-second lock is refused where the server enforces it', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const agent = await agentStore(store, 30);
    await backedUp(agent, v, systemClock); // 30-day locks and extensions: above the 29-day floor
    await expect(shortPut(store, 30 * DAY_MS, 'other/thing')).rejects.toMatchObject({ name: 'AccessDenied' }); // the policy is on
    const short = shortPut(store, 30_000);
    if (RGW_ENFORCES_RETENTION_CAP) await expect(short).rejects.toMatchObject({ name: 'AccessDenied' });
    else await expect(short).resolves.toBeTruthy(); // Ceph RGW 16 ignores the floor, as it does the cap (THREAT-MODEL.md)
  });

  it('posture asks the server about N junk objects once, not at every look, and stays immutable with the junk counted apart', async () => {
    const bucket = await lockedBucket();
    const v = await makeVault({ store: bucket });
    await backedUp(await agentStore(bucket, 30), v, systemClock);
    for (let i = 0; i < JUNK; i++) await shortPut(bucket, 30_000);
    const { store, asked } = countingHeads(bucket);

    const first = await look(store, v);
    expect(asked.filter((k) => k.startsWith('data/00/00'))).toHaveLength(JUNK); // each junk object once
    expect(first.immutable).toBe(true); // the junk holds nothing the latest snapshot needs
    expect(first.unlockedObjects.count).toBe(0);
    expect(first.expiredLocks).toMatchObject({ count: JUNK, shortLocked: JUNK, pastRetention: 0 });
    expect(first.findings.map((f) => f.code)).toContain('expired-locks');

    for (let round = 0; round < 2; round++) {
      asked.length = 0;
      const again = await look(store, v);
      // the old code HEADed all JUNK at every look; now a sample of them
      // (the sample may take the vault-init date probe too: RGW wraps its 2106 date to 1970, run out)
      expect(asked.filter((k) => k.startsWith('data/00/00')).length).toBeLessThanOrEqual(EXPIRED_SAMPLE);
      expect(asked.length).toBeLessThanOrEqual(EXPIRED_SAMPLE + 8); // and what the latest snapshot needs
      expect(again.expiredLocks).toEqual(first.expiredLocks);
      expect(again.immutable).toBe(true);
      expect(again.notes.some((n) => /^locks: \d+ objects whose lock had run out at an earlier look are taken as then/.test(n))).toBe(true);
    }
    asked.length = 0;
    await look(store, v, true); // --all-locks: every one
    expect(asked.filter((k) => k.startsWith('data/00/00'))).toHaveLength(JUNK);
  });

  it('an object the latest snapshot needs whose lock ran out is the serious finding, named before any junk', async () => {
    const bucket = await lockedBucket();
    // a writer whose clock is 30 days behind, less a minute: its locks run out a minute from now (forged with the writer credential)
    const behind = fixedClock(new Date(Date.now() - 30 * DAY_MS + 60_000));
    const v = await makeVault({ store: bucket, clock: behind });
    await backedUp(bucket, v, behind);
    await agentStore(bucket, 30);
    for (let i = 0; i < 25; i++) await shortPut(bucket, 30_000); // junk keys sort first: data/00/00…
    const r = await look(bucket, v);
    expect(r.immutable).toBe(false);
    expect(r.verdict).toMatch(/objects the latest snapshots need without a lock or with an expired one/);
    const serious = r.findings.find((f) => f.code === 'unlocked-objects')!;
    expect(serious.keys!.some((k) => k.startsWith('snapshots/'))).toBe(true);
    expect(serious.keys!.filter((k) => k.startsWith('data/00/00'))).toEqual([]);
    expect(r.findings.findIndex((f) => f.code === 'unlocked-objects')).toBeLessThan(r.findings.findIndex((f) => f.code === 'expired-locks'));
    // the junk, and this writer's older config and index segments (not in posture's `needed`): counted apart
    expect(r.expiredLocks.shortLocked).toBeGreaterThanOrEqual(25);
    expect(r.expiredLocks.keys.filter((k) => k.startsWith('data/00/00')).length).toBeGreaterThanOrEqual(15);
    expect(r.expiredLocks.keys.filter((k) => serious.keys!.includes(k))).toEqual([]);
  });
});
