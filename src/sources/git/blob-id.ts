import { createHash, type Hash } from 'node:crypto';

/**
 * The id git gives these bytes as a blob: sha1 (or sha256 in a sha256 repository, told apart by the
 * id's length) of "blob <length>\0" and the bytes. `cat-file` does not check what it reads against
 * the id it was asked for, and a mirror from a hijacked agent may hold anything: this does.
 */
export function gitBlobId(bytes: Uint8Array, like: string): string {
  return gitBlobHash(bytes.length, like).update(bytes).digest('hex');
}

/** A hash of a blob of `length` bytes, its header given: the caller feeds the bytes in pieces. */
export function gitBlobHash(length: number, like: string): Hash {
  return createHash(like.length === 64 ? 'sha256' : 'sha1').update(`blob ${length}\0`);
}
