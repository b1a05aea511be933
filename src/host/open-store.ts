import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from '../storage/blob-store.js';
import { FileStore } from '../storage/file-store.js';
import { BulkheadError } from '../util/errors.js';

/** Parses a store URL. `file://PATH` (or a bare path) is the local immutable vault. */
export function parseStoreUrl(url: string): { kind: 'file'; path: string } {
  if (url.startsWith('file://')) {
    const rest = url.slice('file://'.length);
    return { kind: 'file', path: rest.startsWith('/') ? fileURLToPath(url) : resolve(rest) };
  }
  if (/^[a-z0-9]+:\/\//i.test(url)) {
    throw new BulkheadError('USAGE', `unsupported store "${url}": use file://PATH (s3:// arrives with the S3 backend)`);
  }
  return { kind: 'file', path: resolve(url) };
}

export async function openStore(url: string, opts: { create?: boolean } = {}): Promise<BlobStore> {
  const parsed = parseStoreUrl(url);
  return opts.create ? FileStore.create(parsed.path) : FileStore.open(parsed.path);
}
