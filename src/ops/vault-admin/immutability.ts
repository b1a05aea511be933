import type { StorePosture } from '../../storage/blob-store.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * A vault on S3 must sit in a versioned bucket with Object Lock and a COMPLIANCE default
 * retention; anything less can be undone by whoever holds the agent's credentials. Each refusal
 * says exactly how to fix the bucket.
 */
export function assertImmutable(url: string, posture: StorePosture, days: number, allowGovernance: boolean): void {
  if (posture.lockMode === 'LOCAL') return; // the local folder says its own limits in posture notes
  const bucket = url.replace(/^s3:\/\//, '').split('/')[0];
  const lockFix = `aws s3api put-object-lock-configuration --bucket ${bucket} --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":${days}}}}'`;
  if (posture.versioning !== 'enabled') {
    throw new BulkheadError(
      'IMMUTABLE',
      `${url} is not versioned, so it cannot hold an immutable vault: run "aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled" and then "${lockFix}", or let Bulkhead create a new bucket with --create-bucket`,
    );
  }
  if (posture.lockMode === 'NONE') {
    throw new BulkheadError('IMMUTABLE', `${url} has no Object Lock default retention: run "${lockFix}" (a bucket created without Object Lock needs it enabled first), or use --create-bucket`);
  }
  if (posture.lockMode === 'GOVERNANCE' && !allowGovernance) {
    throw new BulkheadError(
      'IMMUTABLE',
      `${url} locks objects in GOVERNANCE mode, which anyone with s3:BypassGovernanceRetention can undo: switch the default to COMPLIANCE ("${lockFix}") or pass --allow-governance to accept that risk`,
    );
  }
}
