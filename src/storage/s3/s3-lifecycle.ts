import { GetBucketLifecycleConfigurationCommand, type LifecycleRule as SdkRule, type S3Client } from '@aws-sdk/client-s3';
import type { LifecycleRule } from '../blob-store.js';
import { explain, isNotFound } from './s3-errors.js';

const days = (n: number | undefined) => `${n} day${n === 1 ? '' : 's'}`;

/** One rule in words. Expiring or moving objects is destructive; aborting stale uploads is not. */
export function describeRule(r: SdkRule): LifecycleRule {
  const actions: string[] = [];
  const e = r.Expiration;
  if (e?.Days !== undefined) actions.push(`expires current versions after ${days(e.Days)}`);
  if (e?.Date) actions.push(`expires current versions on ${new Date(e.Date).toISOString()}`);
  if (e?.ExpiredObjectDeleteMarker) actions.push('removes expired delete markers');
  const n = r.NoncurrentVersionExpiration;
  if (n) actions.push(`deletes noncurrent versions after ${days(n.NoncurrentDays)}${n.NewerNoncurrentVersions ? ` (keeping ${n.NewerNoncurrentVersions})` : ''}`);
  for (const t of r.Transitions ?? []) actions.push(`moves current versions to ${t.StorageClass} after ${t.Days !== undefined ? days(t.Days) : String(t.Date)}`);
  for (const t of r.NoncurrentVersionTransitions ?? []) actions.push(`moves noncurrent versions to ${t.StorageClass} after ${days(t.NoncurrentDays)}`);
  const destructive = actions.length > 0;
  if (r.AbortIncompleteMultipartUpload) actions.push(`aborts incomplete uploads after ${days(r.AbortIncompleteMultipartUpload.DaysAfterInitiation)}`);
  const filter = r.Filter as { Prefix?: string; And?: { Prefix?: string } } | undefined;
  const prefix = filter?.Prefix ?? filter?.And?.Prefix ?? (r as { Prefix?: string }).Prefix ?? '';
  return { id: r.ID ?? '(no id)', prefix, actions, destructive };
}

/** The bucket's enabled lifecycle rules; none when it has no lifecycle configuration. */
export async function readLifecycle(client: S3Client, bucket: string, url: string): Promise<LifecycleRule[]> {
  try {
    const r = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    return (r.Rules ?? []).filter((rule) => rule.Status === 'Enabled').map(describeRule);
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchLifecycleConfiguration' || isNotFound(e)) return [];
    throw explain(e, url, 'reading the bucket lifecycle rules');
  }
}
