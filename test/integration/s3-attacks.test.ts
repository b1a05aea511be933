import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, PutObjectRetentionCommand } from '@aws-sdk/client-s3';
import { lockedBucket, rawClient } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { DAY_MS, fixedClock, systemClock } from '../../src/util/clock.js';

describe('an attacker holding the agent credentials, against a vault on S3', () => {
  it('cannot delete a version, shorten a lock, or change what a reader sees by overwriting', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
    writeFileSync(join(src, 'data.bin'), randomBytes(300_000));
    await backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const Bucket = store.bucket;
    const s3 = rawClient();
    const versions = await store.list('');
    for (const key of ['config/', 'snapshots/', 'data/', 'index/']) {
      const victim = versions.find((x) => x.key.startsWith(key))!;
      await expect(s3.send(new DeleteObjectCommand({ Bucket, Key: victim.key, VersionId: victim.versionId }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(
        s3.send(new PutObjectRetentionCommand({ Bucket, Key: victim.key, VersionId: victim.versionId, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + DAY_MS) } })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      // a new version over it, and a plain delete on top
      await s3.send(new PutObjectCommand({ Bucket, Key: victim.key, Body: Buffer.from('garbage') }));
      await s3.send(new DeleteObjectCommand({ Bucket, Key: victim.key }));
    }
    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots, tampered } = await reader.snapshots();
    expect(tampered).toEqual([]);
    expect(snapshots).toHaveLength(1);
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot: 'latest', path: 'app', target, dryRun: false, overwrite: false });
    expect(result.failures).toEqual([]);
    expect((await checkVault(reader, { readData: true })).problems).toEqual([]);
    const report = await posture({ store, reader, clock: systemClock, rpoHours: 24 });
    expect(report.overwrites.count).toBe(4);
    expect(report.deleteMarkers.count).toBe(4);
    expect(report.immutable).toBe(true);
  });

  it('posture says NOT immutable once a lock the latest snapshot needs has expired', async () => {
    const store = await lockedBucket('COMPLIANCE', 1);
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'a'), 'a');
    await backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const reader = await openVault(store, v.identity, tempDir());
    const later = fixedClock(new Date(Date.now() + 45 * DAY_MS)); // the 30-day locks have run out by then
    const report = await posture({ store, reader, clock: later, rpoHours: 24 });
    expect(report.immutable).toBe(false);
    expect(report.verdict).toMatch(/objects the latest snapshots need without a lock or with an expired one/);
    expect(report.staleSources.map((s) => s.name)).toEqual(['app']);
  });
});
