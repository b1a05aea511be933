import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';

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

/**
 * The blob id of what a path on disk holds, as git would store it there, in the hash of `like`'s
 * repository: a symlink's target text, else the file's bytes, streamed. Not `git hash-object`,
 * which outside a repository hashes with sha1 whatever the repository used (a sha256
 * repository's restored files all "differed").
 */
export async function fileBlobId(path: string, like: string): Promise<string> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) return gitBlobId(Buffer.from(await readlink(path, { encoding: 'buffer' })), like);
  const hash = gitBlobHash(st.size, like);
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}
