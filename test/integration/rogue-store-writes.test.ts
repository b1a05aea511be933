import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { CreateMultipartUploadCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand, PutObjectTaggingCommand, UploadPartCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { lockedBucket } from '../helpers/s3.js';
import { agentClient, agentStore, RGW_ENFORCES_RETENTION_CAP } from '../helpers/agent-s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { openVault } from '../../src/ops/open-vault.js';
import { posture } from '../../src/ops/inspect/posture.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { ABORT_UPLOADS_RULE } from '../../src/storage/s3/s3-bucket.js';
import type { S3Store } from '../../src/storage/s3/s3-store.js';
import { DAY_MS, systemClock } from '../../src/util/clock.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const packKey = () => {
  const h = randomBytes(32).toString('hex');
  return `data/${h.slice(0, 2)}/${h}`;
};
const ALL_USERS = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"';

/** A put as the hijacked agent sends it, with headers Bulkhead never sends. */
function agentPut(store: S3Store, key: string, extra: Partial<PutObjectCommandInput> = {}) {
  const Body = Buffer.from('ciphertext the agent wrote');
  return agentClient().send(
    new PutObjectCommand({ Bucket: store.bucket, Key: key, Body, ContentMD5: md5(Body), ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(Date.now() + DAY_MS), ...extra }),
  );
}

describe("a hijacked agent's other write paths under its policy (RGW)", () => {
  it('cannot publish what it puts (x-amz-acl public-read was served to anyone), grant it to others, or tag it; a plain put still works', async () => {
    const store = await lockedBucket();
    await agentStore(store);
    const published = packKey();
    await expect(agentPut(store, published, { ACL: 'public-read' })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await fetch(`${inject('s3').endpoint}/${store.bucket}/${published}`)).status).not.toBe(200);
    for (const acl of ['public-read-write', 'authenticated-read'] as const) await expect(agentPut(store, packKey(), { ACL: acl })).rejects.toMatchObject({ name: 'AccessDenied' });
    for (const grant of [{ GrantRead: ALL_USERS }, { GrantFullControl: ALL_USERS }, { GrantReadACP: ALL_USERS }, { GrantWriteACP: ALL_USERS }]) {
      await expect(agentPut(store, packKey(), grant)).rejects.toMatchObject({ name: 'AccessDenied' });
    }
    // what Bulkhead sends is untouched (RGW reads no x-amz-acl as "private")
    const plain = packKey();
    await agentPut(store, plain);
    await agentPut(store, packKey(), { ACL: 'private' });
    await expect(
      agentClient().send(new PutObjectTaggingCommand({ Bucket: store.bucket, Key: plain, Tagging: { TagSet: [{ Key: 'expire', Value: 'now' }] } })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('a put under a legal hold (kept past any retention) or a GOVERNANCE lock in a COMPLIANCE vault is denied by its policy, and where the server does not enforce that (RGW), posture names each object', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
    await backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const agent = await agentStore(store);
    // Both were taken before (red team 9): the header is not s3:PutObjectLegalHold, and any mode was.
    const [held, governed] = [packKey(), packKey()];
    const puts = [agentPut(store, held, { ObjectLockLegalHoldStatus: 'ON' }), agentPut(store, governed, { ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: new Date(Date.now() + 60_000) })];
    if (RGW_ENFORCES_RETENTION_CAP) {
      for (const put of puts) await expect(put).rejects.toMatchObject({ name: 'AccessDenied' });
      return;
    }
    await Promise.all(puts); // RGW ignores the object-lock condition keys (test/helpers/agent-s3.ts)
    const reader = await openVault(store, v.identity, tempDir());
    const look = () => posture({ store, reader, clock: systemClock, rpoHours: 24 });
    for (const r of [await look(), await look()]) { // the second from remembered locks: a held one is asked again
      expect(r.findings.find((f) => f.code === 'legal-holds')).toEqual({ code: 'legal-holds', message: expect.stringMatching(/^1 objects under a legal hold \(Bulkhead never sets one/), keys: [held] });
      expect(r.findings.find((f) => f.code === 'governance-locks')).toEqual({ code: 'governance-locks', message: expect.stringMatching(/^1 objects locked in GOVERNANCE mode in this COMPLIANCE vault/), keys: [governed] });
    }
    reader.close();
    // what the agent itself puts and extends is untouched by the new denials
    const key = packKey();
    await agent.put(key, Buffer.from('a pack as the writer puts it'), { retainUntil: new Date(Date.now() + DAY_MS), lockMode: 'COMPLIANCE' });
    await agent.extendRetention(key, new Date(Date.now() + 2 * DAY_MS));
    expect((await store.head(key))?.lockMode).toBe('COMPLIANCE');
  });

  it('an upload it starts and never completes is in no listing but posture reports it; a bucket vault init creates aborts such uploads after a day', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    await agentStore(store);
    const key = packKey();
    const started = await agentClient().send(new CreateMultipartUploadCommand({ Bucket: store.bucket, Key: key }));
    await agentClient().send(new UploadPartCommand({ Bucket: store.bucket, Key: key, UploadId: started.UploadId, PartNumber: 1, Body: randomBytes(5 * 1024 * 1024) }));
    expect((await store.list('data/')).map((o) => o.key)).not.toContain(key);

    const reader = await openVault(store, v.identity, tempDir());
    try {
      const r = await posture({ store, reader, clock: systemClock, rpoHours: 24 });
      expect(r.lifecycleRules).toEqual([{ id: ABORT_UPLOADS_RULE, prefix: '', actions: ['aborts incomplete uploads after 1 day'], destructive: false }]);
      const found = r.findings.filter((f) => f.code === 'incomplete-uploads');
      expect(found).toEqual([expect.objectContaining({ keys: [key] })]);
      expect(found[0]!.message).toMatch(/^1 incomplete multipart uploads .*lifecycle rule "bulkhead-abort-incomplete-uploads" aborts incomplete uploads after 1 day/);
    } finally {
      reader.close();
    }
  });

  it('vault init on a bucket whose lifecycle aborts no upload says so', async () => {
    const store = await lockedBucket();
    await store.client.send(
      new PutBucketLifecycleConfigurationCommand({ Bucket: store.bucket, LifecycleConfiguration: { Rules: [{ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 9 } }] } }),
    );
    const warnings: string[] = [];
    await initVault({ store, identity: RecoveryIdentity.generate(), retentionDays: 30, clock: systemClock, warn: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/no lifecycle rule of this bucket aborts incomplete multipart uploads/);
  });
});
