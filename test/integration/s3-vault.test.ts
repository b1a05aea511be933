import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CliWorkspace } from '../helpers/cli.js';
import { lockedBucket, rawClient, s3Env, s3Url, uniqueBucket } from '../helpers/s3.js';
import type { PostureReport } from '../../src/ops/inspect/posture.js';

const vaultOnS3 = (bucket = uniqueBucket('v')) => new CliWorkspace(s3Url(bucket, 'prod'), s3Env());

describe('a vault on S3 with Object Lock (Ceph RGW)', async () => {
  it('refuses a bucket without versioning and Object Lock, saying how to fix it', async () => {
    const bucket = uniqueBucket('plain');
    await rawClient().send(new CreateBucketCommand({ Bucket: bucket }));
    const ws = vaultOnS3(bucket);
    await ws.quickIdentity();
    const r = await ws.here(['vault', 'init', '--store', ws.store, '--identity', 'id.json']);
    expect(r.code).toBe(7); // not immutable
    expect(r.stderr).toMatch(/not versioned.*put-bucket-versioning --bucket plain-.*put-object-lock-configuration/);
    const posture = await ws.here(['posture', '--store', ws.store]);
    expect(posture.code).toBe(7);
    expect(posture.stderr).toMatch(/not immutable: versioning is off, no Object Lock default retention/);
  });

  it('refuses GOVERNANCE mode unless allowed, with the reason', async () => {
    const store = await lockedBucket('GOVERNANCE', 7);
    const ws = vaultOnS3(store.location.bucket);
    await ws.quickIdentity();
    const init = ['vault', 'init', '--store', ws.store, '--identity', 'id.json'];
    const refused = await ws.here(init);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/GOVERNANCE mode.*BypassGovernanceRetention.*--allow-governance/);
    expect((await ws.here([...init, '--allow-governance'])).code).toBe(0);
    const posture = await ws.here(['posture', '--store', ws.store, '--json']);
    const report = JSON.parse(posture.stdout) as PostureReport;
    expect(report.lockMode).toBe('GOVERNANCE');
    expect(report.immutable).toBe(false);
    expect(posture.code).toBe(7);
    expect(posture.stderr).toMatch(/not immutable: GOVERNANCE mode/);
  });

  it('backs up, reads through overwrites and delete markers, and posture reports them', async () => {
    const bucket = uniqueBucket('v');
    const ws = vaultOnS3(bucket);
    await ws.setupQuick('--create-bucket');
    const src = join(ws.dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'deploy.yml'), 'on: push\n');
    writeFileSync(join(src, 'big.bin'), randomBytes(2_000_000));
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src']);
    const clean = JSON.parse((await ws.here(['posture', '--store', ws.store, '--identity', 'id.json', '--json'])).stdout) as PostureReport;
    expect(clean).toMatchObject({ versioning: 'enabled', lockMode: 'COMPLIANCE', defaultRetentionDays: 30, immutable: true });
    expect(clean.unlockedObjects.count).toBe(0);
    expect(clean.findings).toEqual([]); // the vault-init date probe is a note about the server, not a finding
    expect(clean.shortestRetention!.remainingDays).toBeGreaterThan(29);

    // The attacker holds the agent's credentials: overwrite the snapshot, "delete" everything.
    const s3 = rawClient();
    const list = JSON.parse((await ws.hereOk(ws.operator('snapshots', '--json'))).stdout) as { snapshots: { id: string; time: string }[] };
    const snapKey = (await import('../../src/vault/snapshot.js')).snapshotKey(list.snapshots[0]!.time, list.snapshots[0]!.id);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `prod/${snapKey}`, Body: Buffer.from('{"forged":true}') }));
    for (const key of [snapKey, 'config/00000002']) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `prod/${key}` }));

    const after = JSON.parse((await ws.hereOk(ws.operator('snapshots', '--json'))).stdout) as { snapshots: { id: string }[]; tampered: string[] };
    expect(after.snapshots.map((s) => s.id)).toEqual([list.snapshots[0]!.id]);
    const out = join(ws.dir, 'out');
    await ws.hereOk(ws.operator('restore', 'latest:src', '--target', out));
    expect(readFileSync(join(out, 'big.bin')).equals(readFileSync(join(src, 'big.bin')))).toBe(true);
    const attacked = await ws.here(['posture', '--store', ws.store, '--identity', 'id.json', '--json']);
    const report = JSON.parse(attacked.stdout) as PostureReport;
    expect(report.deleteMarkers.count).toBe(2);
    expect(report.deleteMarkers.keys.sort()).toEqual(['config/00000002', snapKey].sort());
    expect(report.overwrites.count).toBe(1);
    expect(report.overwrites.keys).toEqual([snapKey]);
    // the forged second version carries the bucket's default lock, so the vault is still immutable,
    // but the traces of the attack are findings: posture exits 6 and names them
    expect(report.immutable).toBe(true);
    expect(report.findings.map((f) => f.code).sort()).toEqual(['delete-markers', 'overwrites']);
    expect(attacked.code).toBe(6);
    expect(attacked.stderr).toMatch(/immutable, but posture found 2 problems: delete-markers, overwrites/);
  });

  it('prints least-privilege policies without any delete', async () => {
    const ws = vaultOnS3();
    const r = await ws.hereOk(['vault', 'policy', '--store', 's3://my-vault/prod']);
    const { agent, operator } = JSON.parse(r.stdout);
    const allows = (p: { Statement: { Effect: string }[] }) => JSON.stringify(p.Statement.filter((s) => s.Effect === 'Allow'));
    // deletes appear only in the explicit Deny; the operator writes only configs, drill reports and the date probe
    expect(allows(agent)).not.toMatch(/Delete/i);
    expect(allows(operator)).not.toMatch(/Delete/i);
    expect(JSON.stringify(agent)).toContain('s3:PutObjectRetention');
    expect(allows(agent)).toContain('arn:aws:s3:::my-vault/prod/index/*');
    expect(allows(operator)).toContain('arn:aws:s3:::my-vault/prod/config/*');
  });
});
