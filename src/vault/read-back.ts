import { closeSync, constants, openSync, readSync } from 'node:fs';

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
