import { appendBytes } from './append-bytes.js';

/**
 * A batch of restored files to read back (read-back.ts checkRestored), as flat arrays: as an
 * object per file (its path as a string, its lengths as an array) 48k of them lived on the main
 * thread while four batches waited for the workers, got promoted and grew the main heap, and the
 * structured clone rebuilt every one on the worker (write-batch.ts says the same of the writes).
 */

/** Slots per file in `nums`. */
const STRIDE = 8;
const PATH_END = 0; // the path is paths[previous file's PATH_END, PATH_END)
const IDS_END = 1; // its blobs are ids[previous file's IDS_END, IDS_END), lengths alike
const SIZE = 2;
const MODE = 3;
const MTIME = 4;
const OWNER = 5; // 1: check the owner (a restore as root)
const UID = 6;
const GID = 7;

export interface CheckBatchData {
  ids: string[];
  lengths: number[];
  paths: Uint8Array;
  nums: Float64Array;
}

/** One file to read back: whether it is a file holding exactly these blobs, at these lengths, with this mode, mtime and owner. */
export interface FileCheck {
  /** The file's full path (bytes: names need not be UTF-8). */
  path: Buffer;
  /** Its blobs are ids[first, end), at lengths[first, end). */
  ids: readonly string[];
  lengths: readonly number[];
  first: number;
  end: number;
  size: number;
  /** Permission bits (0o7777). */
  mode: number;
  /** µs, as the tree records it. */
  mtime: number;
  /** Checked only when given (a restore as root). */
  owner?: { uid: number; gid: number } | undefined;
}

export class CheckBatch {
  readonly ids: string[] = [];
  readonly lengths: number[] = [];
  #nums = new Float64Array(64 * STRIDE);
  #paths: Buffer = Buffer.allocUnsafeSlow(16 * 1024);
  #pathBytes = 0;
  #files = 0;
  /** Bytes of content the batch reads back. */
  bytes = 0;

  get length(): number {
    return this.#files;
  }

  add(path: Uint8Array, ids: readonly string[], lengths: readonly number[], size: number, mode: number, mtime: number, owner?: { uid: number; gid: number }): void {
    if ((this.#files + 1) * STRIDE > this.#nums.length) {
      const bigger = new Float64Array(this.#nums.length * 2);
      bigger.set(this.#nums);
      this.#nums = bigger;
    }
    this.#paths = appendBytes(this.#paths, this.#pathBytes, path);
    this.#pathBytes += path.length;
    for (let k = 0; k < ids.length; k++) {
      this.ids.push(ids[k]!);
      this.lengths.push(lengths[k]!);
    }
    const n = this.#nums;
    const i = this.#files++ * STRIDE;
    n[i + PATH_END] = this.#pathBytes;
    n[i + IDS_END] = this.ids.length;
    n[i + SIZE] = size;
    n[i + MODE] = mode;
    n[i + MTIME] = mtime;
    n[i + OWNER] = owner ? 1 : 0;
    if (owner) {
      n[i + UID] = owner.uid;
      n[i + GID] = owner.gid;
    }
    this.bytes += size;
  }

  data(): CheckBatchData {
    return { ids: this.ids, lengths: this.lengths, paths: this.#paths.subarray(0, this.#pathBytes), nums: this.#nums.subarray(0, this.#files * STRIDE) };
  }
}

/** File i of a batch (a fresh small object: the path is a view of the posted bytes). */
export function fileAt(d: CheckBatchData, i: number): FileCheck {
  const n = d.nums;
  const j = i * STRIDE;
  const pathStart = i === 0 ? 0 : n[j - STRIDE + PATH_END]!;
  const first = i === 0 ? 0 : n[j - STRIDE + IDS_END]!;
  return {
    path: Buffer.from(d.paths.buffer, d.paths.byteOffset + pathStart, n[j + PATH_END]! - pathStart),
    ids: d.ids,
    lengths: d.lengths,
    first,
    end: n[j + IDS_END]!,
    size: n[j + SIZE]!,
    mode: n[j + MODE]!,
    mtime: n[j + MTIME]!,
    owner: n[j + OWNER] ? { uid: n[j + UID]!, gid: n[j + GID]! } : undefined,
  };
}

/** The number of files a posted batch holds. */
export const filesIn = (d: CheckBatchData): number => d.nums.length / STRIDE;
