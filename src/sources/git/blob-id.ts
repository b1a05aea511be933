import { createHash } from 'node:crypto';

/**
 * The id git gives these bytes as a blob: sha1 (or sha256 in a sha256 repository, told apart by the
 * id's length) of "blob <length>\0" and the bytes. `cat-file` does not check what it reads against
 * the id it was asked for, and a mirror from a hijacked agent may hold anything: this does.
 */
export function gitBlobId(bytes: Uint8Array, like: string): string {
  const hash = createHash(like.length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}
