import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectLockConfigurationCommand } from '@aws-sdk/client-s3';
import type { S3Store } from './s3-store.js';
import { explain } from './s3-errors.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * Creates the bucket the way a vault needs it: Object Lock on (which turns versioning on) and a
 * default retention in COMPLIANCE mode (GOVERNANCE only when the operator accepted it).
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
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') {
      throw new BulkheadError('EXISTS', `the bucket of ${store.url} already exists; run "vault init" without --create-bucket`);
    }
    throw explain(e, store.url, 'creating the bucket');
  }
}
