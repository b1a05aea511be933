import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IncompleteUploads } from '../blob-store.js';
import { explain, statusOf } from './s3-errors.js';

/** Pages of 1,000 read at most: a flood of uploads is counted "at least", never read to its end. */
const PAGES = 10;

/**
 * Multipart uploads started under the vault's prefix and never completed or aborted. Bulkhead puts
 * every object in one request, so each is someone else's (a hijacked agent's: s3:PutObject also
 * allows CreateMultipartUpload and UploadPart): parts the bucket's owner pays for, in no version
 * listing, kept until aborted. Undefined, with a note, when the credentials may not list them.
 */
export async function readIncompleteUploads(client: S3Client, bucket: string, prefix: string, url: string, notes: string[]): Promise<IncompleteUploads | undefined> {
  const keys: string[] = [];
  let oldest: Date | undefined;
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  for (let page = 0; page < PAGES; page++) {
    let r;
    try {
      r = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker, UploadIdMarker }));
    } catch (e) {
      if (statusOf(e) !== 403 && (e as { name?: string }).name !== 'AccessDenied') throw explain(e, url, 'listing incomplete multipart uploads');
      notes.push('incomplete multipart uploads were not checked: these credentials may not list them (s3:ListBucketMultipartUploads; "bulkhead vault policy" grants it to the operator)');
      return undefined;
    }
    for (const u of r.Uploads ?? []) {
      keys.push((u.Key ?? '').slice(prefix.length));
      if (u.Initiated && (!oldest || u.Initiated < oldest)) oldest = u.Initiated;
    }
    if (!r.IsTruncated) return { count: keys.length, keys, complete: true, ...(oldest && { oldest }) };
    KeyMarker = r.NextKeyMarker;
    UploadIdMarker = r.NextUploadIdMarker;
  }
  return { count: keys.length, keys, complete: false, ...(oldest && { oldest }) };
}
