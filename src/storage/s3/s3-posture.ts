import { GetBucketVersioningCommand, GetObjectLockConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LockMode, StorePosture } from '../blob-store.js';
import { explain, isNotFound } from './s3-errors.js';
import { readLifecycle } from './s3-lifecycle.js';
import { readIncompleteUploads } from './s3-uploads.js';

/** The bucket's settings as the server reports them: versioning, Object Lock default, lifecycle, stray uploads. */
export async function readBucketPosture(client: S3Client, bucket: string, prefix: string, url: string): Promise<StorePosture> {
  const notes: string[] = [];
  let versioning: StorePosture['versioning'] = 'off';
  let lockMode: LockMode = 'NONE';
  let days: number | undefined;
  try {
    const v = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    versioning = v.Status === 'Enabled' ? 'enabled' : v.Status === 'Suspended' ? 'suspended' : 'off';
  } catch (e) {
    throw explain(e, url, 'reading the bucket versioning');
  }
  try {
    const l = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    const rule = l.ObjectLockConfiguration?.Rule?.DefaultRetention;
    if (l.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') notes.push('Object Lock is not enabled on the bucket');
    else if (!rule) notes.push('Object Lock is enabled but has no default retention');
    else {
      lockMode = (rule.Mode as LockMode | undefined) ?? 'NONE';
      days = rule.Days ?? (rule.Years ? rule.Years * 365 : undefined);
    }
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name !== 'ObjectLockConfigurationNotFoundError' && !isNotFound(e)) throw explain(e, url, 'reading the Object Lock configuration');
    notes.push('Object Lock is not enabled on the bucket');
  }
  const lifecycleRules = await readLifecycle(client, bucket, url);
  const incompleteUploads = await readIncompleteUploads(client, bucket, prefix, url, notes);
  return { versioning, lockMode, ...(days !== undefined && { defaultRetentionDays: days }), lifecycleRules, ...(incompleteUploads && { incompleteUploads }), notes };
}
