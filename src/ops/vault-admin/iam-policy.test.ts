import { describe, expect, it } from 'vitest';
import { iamPolicies } from './iam-policy.js';

type Stmt = { Sid: string; Effect: string; Action: string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> };
const stmts = (p: { Statement: object[] }) => p.Statement as Stmt[];
const allowed = (p: { Statement: object[] }) => stmts(p).filter((s) => s.Effect === 'Allow');
const resources = (s: Stmt) => [s.Resource].flat();

describe('least-privilege IAM policies', () => {
  const { agent, operator } = iamPolicies('vault', 'prod/', 30);

  it('lets the agent add objects only under data/, index/ and snapshots/, never config/ or drills/', () => {
    const puts = allowed(agent).filter((s) => s.Action.includes('s3:PutObject'));
    expect(puts.flatMap(resources)).toEqual(['arn:aws:s3:::vault/prod/data/*', 'arn:aws:s3:::vault/prod/index/*', 'arn:aws:s3:::vault/prod/snapshots/*']);
    expect(allowed(agent).filter((s) => s.Action.includes('s3:PutObjectRetention')).flatMap(resources)).toContain('arn:aws:s3:::vault/prod/config/*');
    const denied = stmts(agent).find((s) => s.Sid === 'NeverWriteOperatorObjects')!;
    expect(denied.Action).toEqual(['s3:PutObject']);
    expect(resources(denied)).toEqual(expect.arrayContaining(['arn:aws:s3:::vault/prod/config/*', 'arn:aws:s3:::vault/prod/drills/*']));
  });

  it('gives one agent (--writer) its own index prefix to write and read, and no other agent\'s', () => {
    const one = iamPolicies('vault', 'prod/', 30, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ').agent;
    const puts = allowed(one).filter((s) => s.Action.includes('s3:PutObject'));
    expect(puts.flatMap(resources)).toEqual(['arn:aws:s3:::vault/prod/data/*', 'arn:aws:s3:::vault/prod/index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/*', 'arn:aws:s3:::vault/prod/snapshots/*']);
    const reads = allowed(one).filter((s) => s.Action.includes('s3:GetObject'));
    expect(reads.flatMap(resources)).toEqual(['arn:aws:s3:::vault/prod/index/ABCDEFGHIJKLMNOPQRSTUVWXYZ/*', 'arn:aws:s3:::vault/prod/config/*']);
  });

  it('caps the agent’s locks at the retention plus the writer’s extension margin', () => {
    const cap = stmts(agent).find((s) => s.Sid === 'NoLockBeyondTheRetention')!;
    expect(cap.Effect).toBe('Deny');
    expect(cap.Action).toEqual(['s3:PutObject', 's3:PutObjectRetention']);
    expect(cap.Condition).toEqual({ NumericGreaterThan: { 's3:object-lock-remaining-retention-days': '34' } });
    expect(stmts(iamPolicies('v', '', 90).agent).find((s) => s.Sid === 'NoLockBeyondTheRetention')!.Condition!.NumericGreaterThan!['s3:object-lock-remaining-retention-days']).toBe('100');
  });

  it('denies the agent any lock shorter than the retention less a day of clock skew (red team 3b, B2)', () => {
    const floor = stmts(agent).find((s) => s.Sid === 'NoLockShorterThanTheRetention')!;
    expect(floor).toMatchObject({ Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: 'arn:aws:s3:::vault/prod/*' });
    expect(floor.Condition).toEqual({ NumericLessThan: { 's3:object-lock-remaining-retention-days': '29' } });
    // a 1-day vault: the writer's own 1-day locks read back as 0 days on a server that rounds down, so no floor
    expect(stmts(iamPolicies('v', '', 1).agent).some((s) => s.Sid === 'NoLockShorterThanTheRetention')).toBe(false);
  });

  it('lets the agent lock only in COMPLIANCE mode (both modes in a GOVERNANCE vault) and never under a legal hold', () => {
    const mode = stmts(agent).find((s) => s.Sid === 'OnlyComplianceLocks')!;
    expect(mode).toMatchObject({ Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectRetention'], Condition: { StringNotEquals: { 's3:object-lock-mode': 'COMPLIANCE' } } });
    expect(stmts(iamPolicies('v', '', 30, undefined, 'GOVERNANCE').agent).some((s) => s.Sid === 'OnlyComplianceLocks')).toBe(false);
    expect(stmts(agent).filter((s) => s.Effect === 'Deny' && s.Condition?.StringLike?.['s3:object-lock-legal-hold'] === '*')).toHaveLength(1);
  });

  it('gives the operator exactly what it does, and nobody a delete', () => {
    expect(allowed(operator).flatMap((s) => s.Action).sort()).toEqual(
      [
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketVersioning',
        's3:GetLifecycleConfiguration',
        's3:GetObject',
        's3:GetObjectLegalHold',
        's3:GetObjectRetention',
        's3:GetObjectVersion',
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
        's3:PutObjectRetention',
      ].sort(),
    );
    const opPuts = allowed(operator).filter((s) => s.Action.includes('s3:PutObject')).flatMap(resources);
    expect(opPuts).toEqual(['arn:aws:s3:::vault/prod/config/*', 'arn:aws:s3:::vault/prod/drills/*', 'arn:aws:s3:::vault/prod/probe/*']);
    for (const p of [agent, operator]) {
      expect(JSON.stringify(allowed(p))).not.toMatch(/Delete|Bypass|Policy|Lifecycle\b|PutBucket/);
      const deny = stmts(p).find((s) => s.Sid === 'NeverDeleteOrReconfigure')!;
      expect(deny.Action).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutLifecycleConfiguration', 's3:PutBucketPolicy', 's3:PutObjectTagging']));
    }
  });

  it('denies the agent every put header that makes an object public, unreadable to the operator or archived', () => {
    const denied = stmts(agent).filter((s) => s.Effect === 'Deny' && s.Action.includes('s3:PutObject') && s.Condition);
    const keys = denied.flatMap((s) => Object.values(s.Condition as Record<string, Record<string, unknown>>).flatMap((c) => Object.keys(c)));
    for (const k of ['s3:x-amz-acl', 's3:x-amz-grant-read', 's3:x-amz-grant-full-control', 's3:x-amz-server-side-encryption-customer-algorithm', 's3:x-amz-server-side-encryption-aws-kms-key-id', 's3:x-amz-storage-class']) {
      expect(keys).toContain(k);
    }
    // one key per statement: a statement's conditions must all hold for it to deny
    for (const s of denied) expect(Object.values(s.Condition as Record<string, object>).flatMap((c) => Object.keys(c))).toHaveLength(1);
  });
});
