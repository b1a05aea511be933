import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PutBucketLifecycleConfigurationCommand, PutObjectCommand, PutObjectRetentionCommand } from '@aws-sdk/client-s3';
import { lockedBucket, s3Env, s3Url } from '../helpers/s3.js';
import { agentClient, agentStore, RGW_ENFORCES_RETENTION_CAP } from '../helpers/agent-s3.js';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { CliWorkspace } from '../helpers/cli.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { posture, type PostureReport } from '../../src/ops/inspect/posture.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { DAY_MS, systemClock } from '../../src/util/clock.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');

async function backedUp(store: S3Store): Promise<{ v: TestVault; src: string }> {
  const v = await makeVault({ store });
  const src = tempDir();
  writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
  writeFileSync(join(src, 'data.bin'), randomBytes(200_000));
  await backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
  return { v, src };
}

/** A put as a hijacked agent would send it: raw keys, any key, any lock. */
function rawPut(store: S3Store, key: string, until = new Date(Date.now() + DAY_MS)) {
  const Body = Buffer.from('junk from a hijacked agent');
  return agentClient().send(
    new PutObjectCommand({ Bucket: store.bucket, Key: store.location.prefix + key, Body, ContentMD5: md5(Body), ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }),
  );
}

async function report(store: BlobStore, v: TestVault): Promise<PostureReport> {
  const reader = await openVault(store, v.identity, tempDir());
  try {
    return await posture({ store, reader, clock: systemClock, rpoHours: 24 });
  } finally {
    reader.close();
  }
}

const codes = (r: PostureReport) => r.findings.map((f) => f.code);

describe('a hijacked agent with its own S3 keys (RGW user under the agent bucket policy)', () => {
  it('foreign keys stop no verb: snapshots, restore, backup and posture work, and posture reports them and exits 1', async () => {
    const store = await lockedBucket();
    const { v, src } = await backedUp(store);
    const agent = await agentStore(store);
    for (const key of ['index/has space', 'snapshots/zzz', 'data/xx/bad']) await rawPut(store, key);
    // outside data/, index/ and snapshots/ the policy stops the agent; the bucket admin can still do it
    await expect(rawPut(store, 'other/thing')).rejects.toMatchObject({ name: 'AccessDenied' });
    await store.put('other/thing', Buffer.from('x'), { retainUntil: new Date(Date.now() + DAY_MS) });

    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots, tampered } = await reader.snapshots();
    expect(snapshots).toHaveLength(1);
    expect(tampered).toEqual([]);
    const target = join(tempDir(), 'out');
    expect((await restore({ reader, snapshot: 'latest', path: 'app', target, dryRun: false, overwrite: false })).failures).toEqual([]);
    expect(readFileSync(join(target, 'data.bin')).equals(readFileSync(join(src, 'data.bin')))).toBe(true);
    reader.close();
    // the agent, with only its own keys, backs up again past the stray objects
    writeFileSync(join(src, 'app.yaml'), 'replicas: 4\n');
    await backup({ store: agent, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });

    const ws = new CliWorkspace(s3Url(store.bucket), s3Env());
    // In this process (main(), as bin.ts runs it), but for the text report: the exit code of a real process.
    const cli = await ws.here(['posture', '--store', ws.store, '--json']);
    expect(cli.code).toBe(6); // immutable, with a posture finding
    const r = JSON.parse(cli.stdout) as PostureReport;
    expect(r.immutable).toBe(true);
    expect(r.findings).toEqual([expect.objectContaining({ code: 'foreign-objects', keys: ['data/xx/bad', 'index/has space', 'other/thing', 'snapshots/zzz'] })]);
    expect(cli.stderr).toMatch(/immutable, but posture found 1 problem: foreign-objects/);
    const text = await ws.runAsync(['posture', '--store', ws.store]);
    expect(text.code).toBe(6);
    expect(text.stdout).toMatch(/⚠ 4 foreign objects .*index\/has space/);
  });

  it('cannot take the next config numbers; where nobody stopped that, revoke and enroll skip them and say so', async () => {
    const guarded = await lockedBucket();
    const { v } = await backedUp(guarded);
    await agentStore(guarded);
    await expect(rawPut(guarded, 'config/00000003')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(rawPut(guarded, 'drills/20300101T000000Z-0123456789abcdef.json')).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await report(guarded, v)).findings).toEqual([]);

    // No policy (the admin keys play the agent): garbage at the next two config keys.
    const open = await lockedBucket();
    const ws = new CliWorkspace(s3Url(open.bucket), s3Env());
    await ws.setupQuick();
    for (const seq of ['00000003', '00000004']) await open.put(`config/${seq}`, Buffer.from('garbage'), { retainUntil: new Date(Date.now() + DAY_MS) });
    const revoked = await ws.here(['vault', 'revoke', '--store', ws.store, '--identity', 'id.json', '--writer', 'ci']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toMatch(/config\/00000003, config\/00000004 are occupied by objects that are not valid configs/);
    const enrolled = await ws.hereJson<{ skippedConfigKeys: string[] }>(['vault', 'enroll', '--store', ws.store, '--identity', 'id.json', '--label', 'ci-2', '--out', 'w2.json']);
    expect(enrolled.skippedConfigKeys).toEqual([]);
    const writers = await ws.hereJson<{ label: string; revoked: string | null }[]>(['vault', 'writers', '--store', ws.store, '--identity', 'id.json']);
    expect(writers.map((w) => [w.label, !!w.revoked])).toEqual([['ci', true], ['ci-2', false]]);
  });

  it('bucket lifecycle rules and locks far beyond the retention are findings', async () => {
    const store = await lockedBucket();
    const { v } = await backedUp(store);
    await agentStore(store);
    const pack = (await store.list('data/'))[0]!;
    // RGW ignores s3:object-lock-remaining-retention-days, so the agent can lock for 400 days there
    const longer = agentClient().send(
      new PutObjectRetentionCommand({ Bucket: store.bucket, Key: pack.key, VersionId: pack.versionId, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + 400 * DAY_MS) } }),
    );
    if (RGW_ENFORCES_RETENTION_CAP) await expect(longer).rejects.toMatchObject({ name: 'AccessDenied' });
    else await longer;
    await store.client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: store.bucket,
        LifecycleConfiguration: { Rules: [{ ID: 'erode', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }] },
      }),
    );
    const r = await report(store, v);
    expect(r.lifecycleRules).toEqual([{ id: 'erode', prefix: '', actions: ['deletes noncurrent versions after 1 day'], destructive: true }]);
    expect(codes(r).sort()).toEqual(RGW_ENFORCES_RETENTION_CAP ? ['lifecycle-rule'] : ['lifecycle-rule', 'lock-too-long']);
    if (!RGW_ENFORCES_RETENTION_CAP) expect(r.findings.find((f) => f.code === 'lock-too-long')!.keys).toEqual([pack.key]);
  });

  it('the date wrap: vault init warns, Bulkhead refuses such dates itself, and posture sees a wrapped lock', async () => {
    const store = await lockedBucket();
    const warnings: string[] = [];
    await initVault({ store, identity: RecoveryIdentity.generate(), retentionDays: 30, clock: systemClock, warn: (m) => warnings.push(m) });
    expect(warnings.join()).toMatch(/does not keep retention dates past 2106: it read 2106-02-08T06:28:16.000Z back as 1970-01-02/);

    const fresh = await lockedBucket();
    const { v } = await backedUp(fresh);
    const agent = await agentStore(fresh);
    const pack = (await fresh.list('data/'))[0]!;
    // client-side defence: Bulkhead's own store never sends a date past 2^32 s
    await expect(agent.extendRetention(pack.key, new Date('2107-01-01T00:00:00Z'), pack.versionId)).rejects.toThrow(/wrap to 1970/);
    // the hijacked agent sends it raw: RGW does not enforce the policy's cap and stores 1970
    const wrap = agentClient().send(
      new PutObjectRetentionCommand({ Bucket: fresh.bucket, Key: pack.key, VersionId: pack.versionId, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date('2107-01-01T00:00:00Z') } }),
    );
    if (RGW_ENFORCES_RETENTION_CAP) return void (await expect(wrap).rejects.toMatchObject({ name: 'AccessDenied' }));
    await wrap;
    expect((await fresh.head(pack.key, pack.versionId))!.retainUntil!.getUTCFullYear()).toBe(1970);
    const r = await report(fresh, v);
    expect(r.immutable).toBe(false);
    expect(r.findings.find((f) => f.code === 'retention-wrapped')!.keys).toEqual([pack.key]);
    expect(r.notes.join()).toMatch(/this server wraps retention dates past 2106/);
  });
});
