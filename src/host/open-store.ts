import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from '../storage/blob-store.js';
import { FileStore } from '../storage/file-store.js';
import { BulkheadError } from '../util/errors.js';

/** `file://PATH` (or a bare path) is the local immutable vault; `s3://BUCKET[/PREFIX]?…` is S3. */
export function filePath(url: string): string | undefined {
  if (url.startsWith('file://')) {
    const rest = url.slice('file://'.length);
    return rest.startsWith('/') ? fileURLToPath(url) : resolve(rest);
  }
  if (/^[a-z0-9]+:\/\//i.test(url)) return undefined;
  return resolve(url);
}

export interface OpenOptions {
  create?: boolean;
  /** s3 only: create the bucket with Object Lock and this default retention. */
  createBucket?: { days: number; mode: 'COMPLIANCE' | 'GOVERNANCE' };
}

export async function openStore(url: string, opts: OpenOptions = {}): Promise<BlobStore> {
  if (url.startsWith('s3://')) {
    // Loaded on demand: the AWS SDK alone costs ~0.3 s of start-up that file vaults never need.
    const [{ S3Store }, { parseS3Url }, { createLockedBucket }] = await Promise.all([
      import('../storage/s3/s3-store.js'),
      import('../storage/s3/s3-url.js'),
      import('../storage/s3/s3-bucket.js'),
    ]);
    const store = new S3Store(parseS3Url(url));
    if (opts.createBucket) await createLockedBucket(store, opts.createBucket.days, opts.createBucket.mode);
    return store;
  }
  const path = filePath(url);
  if (!path) throw new BulkheadError('USAGE', `unsupported store "${url}": use file://PATH or s3://BUCKET[/PREFIX]`);
  if (opts.createBucket) throw new BulkheadError('USAGE', '--create-bucket is for s3:// stores');
  return opts.create ? FileStore.create(path) : FileStore.open(path);
}
