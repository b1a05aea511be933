import { appendBytes } from './append-bytes.js';

/**
 * One batch of a restore's blob writes, as a few flat arrays instead of an object (and a path
 * string, and a nested `whole`) per blob. The batches of a large restore live on the main thread
 * while up to four wait for the workers; as ~3,000 small objects each they survived the young
 * generation, got promoted and grew the main heap by ~100 MB over the bench corpus's restore (and
 * its scavenges to 30–75 ms), and the structured clone rebuilt them all on the worker.
 */

/** Slots per job in `nums`. */
const STRIDE = 12;
const PATH_END = 0; // the path is paths[previous job's PATH_END, PATH_END)
const AT = 1;
const FLAGS = 2;
const SIZE = 3;
const MODE = 4;
const MTIME = 5;
const UID = 6;
const GID = 7;
const OFFSET = 8;
const LENGTH = 9;
const RAW = 10;
const CEILING = 11;

/** FLAGS bits. */
const WHOLE = 1;
const OWNER = 2;
/** Not sent to a worker: its location was refused on the main thread (it comes back corrupt). */
const SKIP = 4;

/**
 * A one-blob file: created only by the worker (O_EXCL, no symlink followed), its size checked, its
 * mode and mtime set. `owner` only when the file is not born with it (a restore as root of another
 * user's file): a chown per file that changes nothing is ~48k system calls on the bench.
 */
export interface Whole {
  size: number;
  mode: number;
  /** Seconds, as futimes takes them. */
  mtime: number;
  owner?: { uid: number; gid: number } | undefined;
}

/** The plain arrays a batch is posted as (typed arrays are copied in one piece). */
export interface WriteBatchData {
  ids: string[];
  paths: Uint8Array;
  nums: Float64Array;
}

/** Outcome codes, one per job. `corrupt`: nothing was written, read the blob elsewhere; `fs`: the file system refused (a half-made one-blob file was removed). */
export const WRITTEN = 0;
export const CORRUPT = 1;
export const FS_FAILED = 2;

/** Per job a code, and the reason of each one that is not WRITTEN (by job index). */
export interface BatchOutcomes {
  codes: Uint8Array;
  reasons: Record<number, string>;
}

/** Filled on the main thread: write-files.ts adds what to write where, the pack reader where each box lies. */
export class WriteBatch {
  readonly ids: string[] = [];
  readonly #nums: Float64Array;
  #paths: Buffer;
  #pathBytes = 0;

  constructor(capacity: number, pathBytes: number) {
    this.#nums = new Float64Array(capacity * STRIDE);
    this.#paths = Buffer.allocUnsafeSlow(Math.max(1, pathBytes));
  }

  get length(): number {
    return this.ids.length;
  }

  /** One blob into the file at `path`, at `at`; `whole`: a one-blob file, created by the worker. */
  add(id: string, path: Uint8Array, at: number, whole?: Whole): void {
    const i = this.ids.length * STRIDE;
    this.#paths = appendBytes(this.#paths, this.#pathBytes, path);
    this.#pathBytes += path.length;
    this.ids.push(id);
    const n = this.#nums;
    n[i + PATH_END] = this.#pathBytes;
    n[i + AT] = at;
    if (!whole) return;
    n[i + FLAGS] = WHOLE | (whole.owner ? OWNER : 0);
    n[i + SIZE] = whole.size;
    n[i + MODE] = whole.mode;
    n[i + MTIME] = whole.mtime;
    if (whole.owner) {
      n[i + UID] = whole.owner.uid;
      n[i + GID] = whole.owner.gid;
    }
  }

  /** Whether job i creates its file (a one-blob file). */
  isWhole(i: number): boolean {
    return (this.#nums[i * STRIDE + FLAGS]! & WHOLE) !== 0;
  }

  /** Where job i's box lies in the bytes posted with the batch, its length decoded, and where decoding stops. */
  place(i: number, offset: number, length: number, rawLength: number, ceiling: number): void {
    const n = this.#nums;
    const j = i * STRIDE;
    n[j + OFFSET] = offset;
    n[j + LENGTH] = length;
    n[j + RAW] = rawLength;
    n[j + CEILING] = ceiling;
  }

  /** Job i is not sent (refused before any worker saw it). */
  skip(i: number): void {
    this.#nums[i * STRIDE + FLAGS]! |= SKIP;
  }

  /** Moves every placed offset by `delta` (the posted bytes start at a region of the pack). */
  shift(delta: number): void {
    for (let j = OFFSET; j < this.ids.length * STRIDE; j += STRIDE) this.#nums[j]! -= delta;
  }

  data(): WriteBatchData {
    return { ids: this.ids, paths: this.#paths.subarray(0, this.#pathBytes), nums: this.#nums.subarray(0, this.ids.length * STRIDE) };
  }

}

/** One job as the worker reads it (a view over the posted arrays; one object reused for every job). */
export class BatchJob {
  i = -1;
  #pathStart = 0;
  constructor(private readonly d: WriteBatchData) {}

  /** Moves to job i (jobs are read in order). */
  at(i: number): this {
    this.#pathStart = i === 0 ? 0 : this.d.nums[(i - 1) * STRIDE + PATH_END]!;
    this.i = i;
    return this;
  }

  #n = (k: number) => this.d.nums[this.i * STRIDE + k]!;

  get id(): string {
    return this.d.ids[this.i]!;
  }
  /** The file's full path (bytes: names need not be UTF-8), a view of the posted paths. */
  get path(): Buffer {
    return Buffer.from(this.d.paths.buffer, this.d.paths.byteOffset + this.#pathStart, this.#n(PATH_END) - this.#pathStart);
  }
  get skipped(): boolean {
    return (this.#n(FLAGS) & SKIP) !== 0;
  }
  get whole(): boolean {
    return (this.#n(FLAGS) & WHOLE) !== 0;
  }
  get owner(): { uid: number; gid: number } | undefined {
    return this.#n(FLAGS) & OWNER ? { uid: this.#n(UID), gid: this.#n(GID) } : undefined;
  }
  get pos(): number {
    return this.#n(AT);
  }
  get size(): number {
    return this.#n(SIZE);
  }
  get mode(): number {
    return this.#n(MODE);
  }
  get mtime(): number {
    return this.#n(MTIME);
  }
  get offset(): number {
    return this.#n(OFFSET);
  }
  get length(): number {
    return this.#n(LENGTH);
  }
  get rawLength(): number {
    return this.#n(RAW);
  }
  get ceiling(): number {
    return this.#n(CEILING);
  }
}
