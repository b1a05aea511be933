import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { DIFFERS } from './restore-messages.js';
import type { FileCheck } from './check-batch.js';

/** A read buffer kept across files: one open and one read per small file, no fresh buffer each. */
export class ReadBuffer {
  #buffer = Buffer.alloc(64 * 1024);

  /** At least n bytes (contents undefined), grown by doubling. */
  atLeast(n: number): Buffer {
    if (this.#buffer.length < n) this.#buffer = Buffer.alloc(Math.max(n, this.#buffer.length * 2));
    return this.#buffer;
  }
}

/**
 * Whether the file holds exactly these blobs, read in one pass and hashed at the given boundaries
 * (the index's lengths: no re-cutting), then nothing after the last. Only the ids decide, so a
 * file that matches at those boundaries holds exactly the snapshot's content. A symlink is not
 * followed; a file that cannot be opened throws.
 */
export function holdsBlobs(path: Buffer, ids: readonly string[], lengths: readonly number[], blobId: (b: Buffer) => string, scratch: ReadBuffer): boolean {
  const buf = scratch.atLeast(lengths.reduce((a, n) => Math.max(a, n), 0) + 1);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    for (let k = 0; k < ids.length; k++) {
      const want = lengths[k]!;
      let got = 0;
      for (let n = 1; n > 0 && got < want; got += n) n = readSync(fd, buf, got, want - got, null);
      if (got !== want || blobId(buf.subarray(0, want)) !== ids[k]) return false;
    }
    return readSync(fd, buf, 0, 1, null) === 0;
  } finally {
    closeSync(fd);
  }
}

const READ_ONLY = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A restored file read back in full, as DIFFERS bits (0: it is exactly the snapshot's): opened
 * without following a symlink (never blocking, should a FIFO stand there), then fstat of that
 * descriptor for kind, size, mode, owner and mtime, and its content hashed at the index's blob
 * boundaries. One open, fstat, read and close per small file, and no lstat of the path before: the
 * descriptor is what is checked. The content is read up to the size fstat gave, which must be the
 * snapshot's (no read past it to see the end: the size was taken from this descriptor).
 */
export function checkRestored(file: FileCheck, blobId: (b: Buffer) => string, scratch: ReadBuffer): number {
  let fd: number;
  try {
    fd = openSync(file.path, READ_ONLY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? DIFFERS.missing : code === 'ELOOP' ? DIFFERS.kind : DIFFERS.content;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return DIFFERS.kind;
    let found = 0;
    if (Number(st.size) !== file.size || !holdsAt(fd, file, blobId, scratch)) found |= DIFFERS.content;
    if (Number(st.mode & 0o7777n) !== file.mode) found |= DIFFERS.mode;
    if (file.owner && (Number(st.uid) !== file.owner.uid || Number(st.gid) !== file.owner.gid)) found |= DIFFERS.owner;
    if (Number(st.mtimeNs / 1000n) !== file.mtime) found |= DIFFERS.mtime;
    return found;
  } catch {
    return DIFFERS.content; // unreadable: not what was restored
  } finally {
    closeSync(fd);
  }
}

function holdsAt(fd: number, file: FileCheck, blobId: (b: Buffer) => string, scratch: ReadBuffer): boolean {
  const { ids, lengths, first, end } = file;
  let sum = 0;
  let most = 0;
  for (let k = first; k < end; k++) {
    sum += lengths[k]!;
    most = Math.max(most, lengths[k]!);
  }
  if (sum !== file.size) return false;
  const buf = scratch.atLeast(most);
  for (let k = first; k < end; k++) {
    const want = lengths[k]!;
    let got = 0;
    for (let n = 1; n > 0 && got < want; got += n) n = readSync(fd, buf, got, want - got, null);
    if (got !== want || blobId(buf.subarray(0, want)) !== ids[k]) return false;
  }
  return true;
}
