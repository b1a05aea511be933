import { closeSync, openSync, readSync } from 'node:fs';
import { READ_AS_FOUND } from '../../util/read-as-found.js';
import { promises as fsp } from 'node:fs';
import { chunkFile } from '../chunk-stream.js';
import type { Chunker } from '../../chunker/fastcdc.js';
import { holdsBlobs, ReadBuffer } from '../../vault/read-back.js';

/** How live content is cut and hashed: as a backup of this vault would (same keyed chunker and ids). */
export interface ContentHasher {
  chunker: Chunker;
  blobId(plain: Uint8Array): string;
  /** Paths (relative, "/"-joined) the backup left out, left out here too. */
  excluded: (relPath: string) => boolean;
}

/** Files up to this size are read in one synchronous call into a reused buffer; larger ones are streamed. */
const WHOLE = 16 * 1024 * 1024;


/**
 * The blob ids of a restored file, cut and hashed as a backup of this vault would. A read-back of a
 * restore is mostly small files: one open, one read into a buffer kept across calls, no thread-pool
 * round trip and no fresh multi-megabyte buffer per file (that was 1.4 ms and a GC pause per file).
 */
export class LiveHasher {
  readonly #read = new ReadBuffer();

  constructor(private readonly hasher: ContentHasher) {}

  async blobs(path: Buffer, size: number): Promise<string[]> {
    if (size > WHOLE) return this.#streamed(path, size);
    const buf = this.#read.atLeast(size + 1);
    // as its lstat found it: a symlink put in its place is not followed, a FIFO not waited on
    const fd = openSync(path, READ_AS_FOUND);
    let end = 0;
    try {
      // One byte more than its lstat said: a file that grew since hashes to other ids (it is not
      // what it was), and is not read on to its end, which a kernel file (a process's 256 GiB
      // pagemap, of size 0) never reaches.
      for (let n = 1; n > 0 && end <= size; end += n) n = readSync(fd, buf, end, size + 1 - end, null);
    } finally {
      closeSync(fd);
    }
    const { chunker, blobId } = this.hasher;
    const ids: string[] = [];
    for (let pos = 0; pos < end; ) {
      const n = chunker.cut(buf, pos, end, true);
      ids.push(blobId(buf.subarray(pos, pos + n)));
      pos += n;
    }
    return ids.length > 0 ? ids : [blobId(Buffer.alloc(0))];
  }

  /**
   * Whether the file holds exactly these blobs, read in one pass through the reused buffer and
   * hashed at the blob boundaries the index gives (no re-cutting: the boundaries are known). The
   * lengths are hints a writer chose; only the ids decide, so a file that matches at those
   * boundaries holds exactly the snapshot's content. Where a length is unknown or the lengths do
   * not add up to the size, it falls back to cutting the file as a backup would.
   */
  async matches(path: Buffer, size: number, ids: readonly string[], lengthOf: (id: string) => number | undefined): Promise<boolean> {
    const lengths = ids.map(lengthOf);
    if (lengths.some((n) => n === undefined) || lengths.reduce((a: number, n) => a + n!, 0) !== size || ids.length === 0) {
      return (await this.blobs(path, size)).join() === ids.join();
    }
    return holdsBlobs(path, ids, lengths as number[], (b) => this.hasher.blobId(b), this.#read);
  }

  /** A large file, streamed up to one byte past its lstat size (as blobs reads a small one). */
  async #streamed(path: Buffer, size: number): Promise<string[]> {
    const fd = await fsp.open(path, READ_AS_FOUND);
    try {
      const ids: string[] = [];
      for await (const chunk of chunkFile(this.hasher.chunker, fd, undefined, undefined, size + 1)) ids.push(this.hasher.blobId(chunk));
      return ids.length > 0 ? ids : [this.hasher.blobId(Buffer.alloc(0))];
    } finally {
      await fd.close();
    }
  }
}
