import type { Worker } from 'node:worker_threads';
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stagedPrefix } from '../storage/dead-staged.js';
import { startWorker } from './start-worker.js';
import { BulkheadError } from '../util/errors.js';
import type { BlobType } from './pack.js';
import type { FromWorker, ToWorker } from './pack-messages.js';
import { PackCutter, type CutPack } from './pack-cutter.js';

/**
 * A pack to store. Its bytes are valid until onPack resolves: the buffer then goes back to the
 * thread that packed it, for its next pack; a staged file is the store's to take (putStaged).
 */
export type FinishedPack = CutPack;

const BATCH_BYTES = 2 * 1024 * 1024;
const BATCH_BLOBS = 256;
const IN_FLIGHT_PER_WORKER = 2;
const UPLOADS_QUEUED = 4;
/** Batch buffers kept for reuse: one filling, and one in flight per worker slot. */
const BATCH_BUFFERS_KEPT = 5;
/**
 * New bytes packed on the main thread before a worker starts. A worker's start costs ~0.3-0.45 CPU s
 * (a V8 isolate, Node's bootstrap, the bundle); packing 16 MiB of already-compressed data (a git
 * mirror's pack: no zstd, FORMAT.md) costs the main thread about as much, and a first git backup of
 * a 9 MB repository started one at 2 MiB that then packed almost nothing (#13, bench README).
 */
export const INLINE_BYTES = 16 * 1024 * 1024;
/**
 * Past INLINE_BYTES the workers start, and the main thread goes on packing until one is ready (a
 * worker's start is ~0.3 s that a backup of a few MiB otherwise spends waiting), up to this much.
 */
const INLINE_WHILE_STARTING = 48 * 1024 * 1024;

interface Lane {
  worker: Worker;
  /** The worker has loaded and taken its keys: batches go only to ready lanes. */
  ready: boolean;
  /** It was sent blobs: only such a lane has packs to finish at flush (one still starting has none). */
  used: boolean;
  inFlight: number;
  flushed?: () => void;
}

/**
 * Spreads new blobs over worker threads in batches; each worker compresses, seals and cuts its own
 * packs and hands finished packs back to onPack (upload + index) on the main thread.
 */
export class PackLanes {
  readonly #lanes: Lane[] = [];
  readonly #waiters: (() => void)[] = [];
  #batch = PackLanes.#emptyBatch();
  /** Batch buffers the workers sent back: a fresh 4-8 MiB buffer per batch was freed garbage the allocator kept. */
  readonly #batchBuffers: ArrayBuffer[] = [];
  #next = 0;
  #error: Error | undefined;
  #packs: Promise<void>[] = [];
  #uploading = 0;
  /** Packs a backup's first INLINE_BYTES itself: a backup that adds little (an hourly one, a small repository's first) starts no worker. */
  #inline: PackCutter | undefined;
  #inlineBytes = 0;
  /** Staged packs' paths start so: this backup's own (close removes what a failure left of them). */
  readonly #stagePrefix: string | undefined;

  constructor(
    private readonly recipients: Buffer[],
    private readonly packSize: number,
    private readonly onPack: (pack: FinishedPack) => Promise<void>,
    private readonly md5: boolean,
    /** The store's staging folder: packs are built as files there, not in buffers (BlobStore.stagingDir). */
    private readonly staging?: string,
    private readonly width = 2,
  ) {
    this.#stagePrefix = staging && stagedPrefix(staging);
    this.#inline = new PackCutter(recipients, packSize, md5, this.#stagePrefix);
  }

  /**
   * A source about to add about `bytes` of new data, with time to spare now (a git clone running):
   * the memory the main thread would pack them into is touched now instead of while packing.
   */
  warm(bytes: number): void {
    this.#inline?.warm(Math.min(bytes, INLINE_BYTES - this.#inlineBytes));
  }

  /** Worker threads started so far (tests: a backup that adds little starts none). */
  get workersStarted(): number {
    return this.#lanes.length;
  }

  /**
   * Workers start when blobs first need packing, one more each time every ready one is busy: an
   * unchanged or small backup starts none (a worker's start costs ~0.3 CPU s).
   */
  #startLane(): Lane {
    const lane: Lane = { worker: startWorker('pack-worker'), ready: false, used: false, inFlight: 0 };
    lane.worker.on('message', (m: FromWorker) => this.#receive(lane, m));
    lane.worker.on('error', (e) => this.#fail(e));
    lane.worker.postMessage({ kind: 'init', recipients: this.recipients, packSize: this.packSize, md5: this.md5, ...(this.#stagePrefix && { staging: this.#stagePrefix }) } satisfies ToWorker);
    this.#lanes.push(lane);
    return lane;
  }

  #receive(lane: Lane, m: FromWorker): void {
    if (m.kind === 'ready') {
      lane.ready = true;
      this.#waiters.shift()?.();
    } else if (m.kind === 'pack') {
      const body = 'bytes' in m.body ? { bytes: Buffer.from(m.body.bytes.buffer, m.body.bytes.byteOffset, m.body.bytes.byteLength) } : m.body;
      this.#deliver({ id: m.id, ...(m.md5 && { md5: m.md5 }), body, entries: m.entries }, lane);
    } else if (m.kind === 'batch-done') {
      lane.inFlight--;
      if (this.#batchBuffers.length < BATCH_BUFFERS_KEPT) this.#batchBuffers.push(m.bytes);
      this.#waiters.shift()?.();
    } else if (m.kind === 'flushed') {
      lane.flushed?.();
    } else {
      this.#fail(new BulkheadError('STORE', `a pack worker failed: ${m.message}`));
    }
  }

  /**
   * Uploads a pack, then says so to the thread that packed it (from: its lane; none: inline), with
   * its buffer back (a staged pack has none: the worker only counts it as stored).
   */
  #deliver(pack: FinishedPack, from?: Lane): void {
    this.#uploading++;
    const done = this.onPack(pack)
      .then(() => {
        const buffer = 'bytes' in pack.body ? (pack.body.bytes.buffer as ArrayBuffer) : undefined;
        if (from) from.worker.postMessage({ kind: 'return', ...(buffer && { buffer }) } satisfies ToWorker, buffer ? [buffer] : []);
        else if (buffer) this.#inline?.giveBack(buffer);
      })
      .catch((e: Error) => this.#fail(e))
      .finally(() => {
        this.#uploading--;
        this.#waiters.shift()?.();
      });
    this.#packs.push(done);
  }

  #fail(e: Error): void {
    this.#error ??= e;
    for (const w of this.#waiters.splice(0)) w();
    for (const lane of this.#lanes) lane.flushed?.();
  }

  #check(): void {
    if (this.#error) throw this.#error;
  }

  static #emptyBatch(): { ids: string[]; types: BlobType[]; lengths: number[]; buffer: Buffer | undefined; bytes: number } {
    return { ids: [], types: [], lengths: [], buffer: undefined, bytes: 0 };
  }

  /**
   * Queues a new blob; waits only when every worker is busy (backpressure). The blob is copied
   * (into a batch) or packed before this returns: the caller may reuse `plain` at once.
   */
  async add(type: BlobType, id: string, plain: Buffer): Promise<void> {
    this.#check();
    if (this.#inline && this.#packsInline(plain.length)) {
      this.#inlineBytes += plain.length;
      const done = this.#inline.add(type, id, plain);
      if (done) this.#deliver(done);
      return;
    }
    if (this.#batch.buffer && this.#batch.bytes + plain.length > this.#batch.buffer.length) await this.#send();
    const b = this.#batch;
    b.buffer ??= this.#batchBuffer(plain.length);
    b.bytes += plain.copy(b.buffer, b.bytes);
    b.ids.push(id);
    b.types.push(type);
    b.lengths.push(plain.length);
    if (b.bytes >= BATCH_BYTES || b.ids.length >= BATCH_BLOBS) await this.#send();
  }

  /** A buffer for a batch that starts with a blob of `first` bytes: a returned one, or a new one that owns its ArrayBuffer (to transfer). */
  #batchBuffer(first: number): Buffer {
    const i = this.#batchBuffers.findIndex((b) => b.byteLength >= first);
    if (i >= 0) return Buffer.from(this.#batchBuffers.splice(i, 1)[0]!);
    return Buffer.allocUnsafeSlow(Math.max(first, 2 * BATCH_BYTES));
  }

  /** Whether the main thread packs this blob itself: the first INLINE_BYTES, then while no worker is ready yet. */
  #packsInline(bytes: number): boolean {
    const total = this.#inlineBytes + bytes;
    if (total <= INLINE_BYTES) return true;
    if (this.#lanes.length === 0) this.#startLane();
    return total <= INLINE_WHILE_STARTING && !this.#lanes.some((l) => l.ready);
  }

  async #send(): Promise<void> {
    const b = this.#batch;
    if (b.ids.length === 0 || !b.buffer) return;
    this.#batch = PackLanes.#emptyBatch();
    // Wait for a free worker, and for uploads to keep up (memory stays bounded on a slow store).
    let lane = this.#uploading < UPLOADS_QUEUED ? this.#pick() : undefined;
    while (!lane) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
      this.#check();
      lane = this.#uploading < UPLOADS_QUEUED ? this.#pick() : undefined;
    }
    // The workers take over: the main thread's open packs go now rather than at the end (each held a pack buffer all along).
    if (this.#inline) for (const done of this.#inline.flush()) this.#deliver(done);
    this.#inline = undefined;
    lane.inFlight++;
    lane.used = true;
    const bytes = b.buffer.buffer as ArrayBuffer;
    lane.worker.postMessage({ kind: 'batch', ids: b.ids, types: b.types, lengths: b.lengths, bytes } satisfies ToWorker, [bytes]);
  }

  #pick(): Lane | undefined {
    for (let i = 0; i < this.#lanes.length; i++) {
      const lane = this.#lanes[(this.#next + i) % this.#lanes.length]!;
      if (lane.ready && lane.inFlight < IN_FLIGHT_PER_WORKER) {
        this.#next = (this.#next + i + 1) % this.#lanes.length;
        return lane;
      }
    }
    // Every ready worker is busy: start another (it takes batches once it says it is ready).
    if (this.#lanes.length < this.width && this.#lanes.every((l) => l.ready)) this.#startLane();
    return undefined;
  }

  /** Sends what is queued, has every worker finish its open packs, and waits for their upload. */
  async flush(): Promise<void> {
    for (const done of this.#inline?.flush() ?? []) this.#deliver(done);
    this.#inline = undefined; // once flushed, everything goes through the workers
    await this.#send();
    this.#check();
    await Promise.all(
      this.#lanes.filter((l) => l.used).map(
        (lane) =>
          new Promise<void>((resolve) => {
            lane.flushed = resolve;
            lane.worker.postMessage({ kind: 'flush' } satisfies ToWorker);
          }),
      ),
    );
    while (this.#packs.length > 0) await Promise.all(this.#packs.splice(0));
    this.#check();
  }

  /** Stops the workers; after a failure, the packs they and this thread left staged go too. */
  async close(): Promise<void> {
    this.#inline?.discard();
    await Promise.all(this.#lanes.map((l) => l.worker.terminate()));
    if (this.staging) removeStaged(this.staging, this.#stagePrefix!);
  }
}

function removeStaged(folder: string, prefix: string): void {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (path.startsWith(prefix)) unlinkSync(path);
  }
}
