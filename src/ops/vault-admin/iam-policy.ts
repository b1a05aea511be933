import { AGENT_PREFIXES, OPERATOR_PREFIXES, writerIndexPrefix } from '../../vault/key-grammar.js';
import { lockCeilingDays, lockFloorDays } from '../../vault/config.js';

/** What neither role may ever do, denied outright so that no other grant can add it back. */
export const DENIED_TO_ALL = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutObjectLegalHold',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutBucketAcl',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutReplicationConfiguration',
  's3:DeleteBucket',
  // tags steer tag-filtered lifecycle rules and tag-based access; Bulkhead never tags an object
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
];

/** Canned ACLs that let someone other than the bucket's owner and the uploader read an object. */
const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'log-delivery-write'];

/**
 * Put headers Bulkhead never sends, each of which makes an object someone else can read (an ACL or
 * grant: Ceph RGW takes `x-amz-acl: public-read` from an uploader denied s3:PutObjectAcl, and serves
 * the object to anyone) or one the operator cannot (SSE-C: only the agent's key decrypts it; SSE-KMS
 * under a key of its own, which it can later disable). One Deny each: a statement's conditions all
 * have to hold at once.
 */
export const DENIED_PUT_HEADERS = [
  's3:x-amz-grant-read',
  's3:x-amz-grant-read-acp',
  's3:x-amz-grant-write-acp',
  's3:x-amz-grant-full-control',
  's3:x-amz-server-side-encryption-customer-algorithm',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  // GLACIER, DEEP_ARCHIVE…: every reader then fails, or pays and waits hours for a restore of it
  's3:x-amz-storage-class',
  // a legal hold set at put (x-amz-object-lock-legal-hold: ON): kept past any retention until someone
  // lifts it, and the agent's s3:PutObjectLegalHold denial does not cover the header (red team 9)
  's3:object-lock-legal-hold',
] as const;

export interface IamPolicies {
  agent: { Version: string; Statement: object[] };
  operator: { Version: string; Statement: object[] };
}

/**
 * Least-privilege IAM policies for a vault at s3://BUCKET/PREFIX. The agent adds objects only
 * under data/, index/ and snapshots/ (never config/ or drills/, so it cannot take the operator's
 * next config number; it may only extend the config's lock), reads only index/ and config/, and may not lock anything longer than the
 * vault needs (s3:object-lock-remaining-retention-days; a far date is a cost attack, and past 2106
 * some servers wrap it to 1970 and unlock the object), nor shorter than the retention less a day
 * (a lock of seconds runs out into an unlocked object posture must report and ask about again), nor in any mode but the vault's (`lockMode`:
 * GOVERNANCE only for a vault made with --allow-governance), nor under a legal hold. The operator reads, inspects the bucket and
 * writes configs and drill reports. Nobody deletes.
 *
 * Ceph RGW 16.2 (the test server) honours these actions in a bucket policy, including the explicit
 * Deny, but ignores the object-lock condition keys: there neither the cap nor the floor is
 * enforced (rogue-store and rogue-short-locks tests).
 */
export function iamPolicies(bucket: string, prefix: string, retentionDays = 30, writerId?: string, lockMode: 'COMPLIANCE' | 'GOVERNANCE' = 'COMPLIANCE'): IamPolicies {
  const arn = `arn:aws:s3:::${bucket}`;
  const objects = `${arn}/${prefix}*`;
  const under = (prefixes: readonly string[]) => prefixes.map((p) => `${arn}/${prefix}${p}*`);
  // One agent's credential (writerId): its index segments only under index/<writerId>/, and it reads
  // no other agent's (their blob ids would be a guessing oracle for its thief). Without: any index/ key.
  const index = writerId === undefined ? 'index/' : writerIndexPrefix(writerId);
  const agentPuts = AGENT_PREFIXES.map((p) => (p === 'index/' ? index : p));
  const list = { Effect: 'Allow', Action: ['s3:ListBucket', 's3:ListBucketVersions'], Resource: arn, ...(prefix && { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } }) };
  const floor = lockFloorDays(retentionDays);
  const denyAll = { Sid: 'NeverDeleteOrReconfigure', Effect: 'Deny', Action: DENIED_TO_ALL, Resource: [arn, `${arn}/*`] };
  return {
    agent: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AddObjectsAndExtendRetention', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: under(agentPuts) },
        // a backup keeps the active config locked as long as its snapshots (ops/backup keepConfigAlive)
        { Sid: 'KeepTheConfigLocked', Effect: 'Allow', Action: ['s3:PutObjectRetention'], Resource: under(['config/']) },
        { Sid: 'ReadIndexAndConfigForDedup', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: under([index, 'config/']) },
        { Sid: 'List', ...list },
        {
          Sid: 'NoLockBeyondTheRetention',
          Effect: 'Deny',
          Action: ['s3:PutObject', 's3:PutObjectRetention'],
          Resource: objects,
          Condition: { NumericGreaterThan: { 's3:object-lock-remaining-retention-days': String(lockCeilingDays(retentionDays)) } },
        },
        // Absent on a put without a lock header: the bucket's default retention (vault init) applies there.
        ...(floor > 0
          ? [{ Sid: 'NoLockShorterThanTheRetention', Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: objects, Condition: { NumericLessThan: { 's3:object-lock-remaining-retention-days': String(floor) } } }]
          : []),
        // COMPLIANCE only, in a COMPLIANCE vault: a GOVERNANCE lock (or one of 60 s) is one anyone with
        // bypass can lift, and when it runs out posture says the vault is not immutable. A GOVERNANCE
        // vault's agent extends a pack it cannot read in COMPLIANCE mode (s3-store), so it keeps both.
        ...(lockMode === 'COMPLIANCE'
          ? [{ Sid: 'OnlyComplianceLocks', Effect: 'Deny', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: objects, Condition: { StringNotEquals: { 's3:object-lock-mode': 'COMPLIANCE' } } }]
          : []),
        // Servers that give an object's uploader read access by ACL (RGW) would otherwise let it read packs.
        { Sid: 'NeverReadPacksOrSnapshots', Effect: 'Deny', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: under(['data/', 'snapshots/']) },
        // StringLike '*': matches a header that is there, whatever its value (RGW does not honour Null here)
        ...DENIED_PUT_HEADERS.map((key, i) => ({ Sid: `NoSuchPutHeader${i}`, Effect: 'Deny', Action: ['s3:PutObject'], Resource: objects, Condition: { StringLike: { [key]: '*' } } })),
        // RGW reads a put without x-amz-acl as "private": the canned ACLs that let others read are named
        { Sid: 'NoPublicObjects', Effect: 'Deny', Action: ['s3:PutObject'], Resource: objects, Condition: { StringEquals: { 's3:x-amz-acl': PUBLIC_ACLS } } },
        { Sid: 'NeverWriteOperatorObjects', Effect: 'Deny', Action: ['s3:PutObject'], Resource: under(OPERATOR_PREFIXES) },
        denyAll,
      ],
    },
    operator: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadEverything', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention', 's3:GetObjectLegalHold'], Resource: objects },
        { Sid: 'WriteConfigsDrillReportsAndProbe', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectRetention'], Resource: under(OPERATOR_PREFIXES) },
        { Sid: 'List', ...list },
        {
          Sid: 'InspectBucket',
          Effect: 'Allow',
          // multipart uploads: Bulkhead never starts one, so any is an agent's storage the listing hides
          Action: ['s3:GetBucketVersioning', 's3:GetBucketObjectLockConfiguration', 's3:GetLifecycleConfiguration', 's3:ListBucketMultipartUploads'],
          Resource: arn,
        },
        denyAll,
      ],
    },
  };
}
