import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { S3Store } from '../../src/storage/s3/s3-store.js';
import { iamPolicies } from '../../src/ops/vault-admin/iam-policy.js';

/**
 * What Ceph RGW 16.2 (the test server) enforces of `iamPolicies()` in a bucket policy, found
 * empirically: every action and explicit Deny (PutObject outside data/ index/ snapshots/,
 * GetObject, deletes, lifecycle, policy changes) is enforced; the object-lock condition keys
 * (s3:object-lock-remaining-retention-days, -retain-until-date, -mode) are NOT: an agent can
 * still lock for 400 days or until 2107 there. Tests assert the client-side defence (the store
 * refuses such dates) and posture's detection instead. Flip this when the server learns it.
 */
export const RGW_ENFORCES_RETENTION_CAP = false;

const AGENT = { uid: 'bulkhead-agent', accessKeyId: 'AKIABULKHEADAGENT001', secretAccessKey: 'bulkheadagentsecretbulkheadagentsecret00' };

/** The test cluster's ceph.conf: $RGW_DIR (CI, the running server) or the one global setup started. */
function cephConf(): string {
  const dirs = process.env.RGW_DIR ? [process.env.RGW_DIR] : [];
  const port = new URL(inject('s3').endpoint).port;
  const conf = dirs.map((d) => join(d, 'ceph.conf')).find((c) => existsSync(c) && readFileSync(c, 'utf8').includes(`127.0.0.1:${port}`));
  // No skipping: without the server's admin tool the agent tests fail, loudly.
  if (!conf) throw new Error(`no ceph.conf for the S3 test server at ${inject('s3').endpoint}: set RGW_DIR to the folder test/s3/rgw started`);
  return conf;
}

function radosgwAdmin(args: string[]): string {
  return execFileSync('radosgw-admin', ['-c', cephConf(), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

let agentReady = false;
/** The second S3 user (created once per server, idempotent) that plays the backup agent. */
function ensureAgentUser(): void {
  if (agentReady) return;
  try {
    radosgwAdmin(['user', 'info', '--uid', AGENT.uid]);
  } catch {
    radosgwAdmin(['user', 'create', '--uid', AGENT.uid, '--display-name', 'Bulkhead agent (tests)', '--access-key', AGENT.accessKeyId, '--secret-key', AGENT.secretAccessKey]);
  }
  agentReady = true;
}

function ownerUid(): string {
  return (JSON.parse(radosgwAdmin(['user', 'info', '--access-key', inject('s3').accessKeyId])) as { user_id: string }).user_id;
}

export function agentClient(): S3Client {
  return new S3Client({
    endpoint: inject('s3').endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: AGENT.accessKeyId, secretAccessKey: AGENT.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/**
 * Puts `iamPolicies()`'s agent policy on the bucket as a bucket policy for the agent user, and
 * the operator's Allow statements for the bucket owner: RGW gives an object's uploader (the
 * agent) ownership, so without them the owner could not read what the agent wrote. The
 * operator's explicit Deny is left out because the owner's keys also play the bucket admin here.
 * With a writer id, the policy of that one agent (`vault policy --writer`). Returns a store that
 * holds only the agent's keys.
 */
export async function agentStore(store: S3Store, retentionDays = 30, writerId?: string): Promise<S3Store> {
  ensureAgentUser();
  const { agent, operator } = iamPolicies(store.bucket, store.location.prefix, retentionDays, writerId);
  const as = (uid: string, tag: string) => (s: object) => ({ ...s, Sid: `${tag}${(s as { Sid: string }).Sid}`, Principal: { AWS: [`arn:aws:iam:::user/${uid}`] } });
  const Statement = [
    ...agent.Statement.map(as(AGENT.uid, 'Agent')),
    ...operator.Statement.filter((s) => (s as { Effect: string }).Effect === 'Allow').map(as(ownerUid(), 'Operator')),
  ];
  await store.client.send(new PutBucketPolicyCommand({ Bucket: store.bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement }) }));
  return new S3Store(store.location, agentClient());
}
