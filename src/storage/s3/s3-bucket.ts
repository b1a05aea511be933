import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import type { S3Store } from './s3-store.js';
import { explain } from './s3-errors.js';
import { BulkheadError } from '../../util/errors.js';

/** The one lifecycle rule a vault's bucket gets: it deletes no object, only parts never completed. */
export const ABORT_UPLOADS_RULE = 'bulkhead-abort-incomplete-uploads';

/**
 * Creates the bucket the way a vault needs it: Object Lock on (which turns versioning on), a
 * default retention in COMPLIANCE mode (GOVERNANCE only when the operator accepted it), and a
 * lifecycle rule that aborts multipart uploads a day after they start: Bulkhead never makes one,
 * but the agent's s3:PutObject lets it start uploads whose parts would otherwise be kept (and paid
 * for) forever, in no version listing.
 */
export async function createLockedBucket(store: S3Store, days: number, mode: 'COMPLIANCE' | 'GOVERNANCE'): Promise<void> {
  const Bucket = store.bucket;
  try {
    const region = await store.client.config.region();
    await store.client.send(
      new CreateBucketCommand({
        Bucket,
        ObjectLockEnabledForBucket: true,
        ...(region !== 'us-east-1' && { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }),
    );
    await store.client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await store.client.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: mode, Days: days } } },
      }),
    );
    await store.client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: { Rules: [{ ID: ABORT_UPLOADS_RULE, Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }] },
      }),
    );
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') {
      throw new BulkheadError('EXISTS', `the bucket of ${store.url} already exists; run "vault init" without --create-bucket`);
    }
    throw explain(e, store.url, 'creating the bucket');
  }
}
