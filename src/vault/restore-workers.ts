import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { BulkheadError } from '../util/errors.js';
import { startWorker } from './start-worker.js';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages.js';
import type { CheckBatchData } from './check-batch.js';
import type { BatchOutcomes, WriteBatchData } from './write-batch.js';

/** Workers leave after this long without work: a console session does not keep isolates for nothing. */
const IDLE_MS = 2_000;
/** Workers started ahead of a restore (warm) wait this long for it: a plan at load takes seconds. */
const WARM_MS = 15_000;

interface Lane {
  worker: Worker;
  ready: Promise<void>;
  inFlight: number;
  pending: Map<number, { resolve: (answer: never) => void; reject: (e: Error) => void }>;
}

/**
 * Worker threads that open, verify and write a restore's blobs (restore-worker.ts), so a large
 * restore uses every core: on the main thread alone, AES-GCM, zstd, the keyed id and the file
 * system calls of 48k small files were one core's work. Started at the first batch, one per core,
 * and ended after a short idle time; the key they hold is the keyed-id secret (and a pack's DEK per
 * batch), the same process's memory as the main thread's copies.
 */
export class RestoreWorkers {
  readonly #lanes: Lane[] = [];
  #seq = 0;
  #idle: NodeJS.Timeout | undefined;
  #failure: Error | undefined;

  constructor(
    private readonly idKey: Uint8Array,
    private readonly width = Math.max(2, Math.min(4, availableParallelism())),
  ) {}

  /** Opens, verifies and writes these blobs of one pack; one outcome per job, in order. */
  write(pack: string, dek: Uint8Array, bytes: Uint8Array, batch: WriteBatchData): Promise<BatchOutcomes> {
    return this.#ask((seq) => ({ kind: 'write', seq, pack, dek, bytes, batch }));
  }

  /** Reads restored files back: for each, what differs from the snapshot (DIFFERS bits). */
  check(batch: CheckBatchData): Promise<number[]> {
    return this.#ask((seq) => ({ kind: 'check', seq, batch }));
  }

  async #ask<T>(message: (seq: number) => ToRestoreWorker): Promise<T> {
    if (this.#failure) throw this.#failure;
    clearTimeout(this.#idle);
    const lane = this.#pick();
    lane.inFlight++;
    try {
      await lane.ready;
      const seq = this.#seq++;
      return await new Promise<T>((resolve, reject) => {
        lane.pending.set(seq, { resolve: resolve as (answer: never) => void, reject });
        lane.worker.postMessage(message(seq));
      });
    } finally {
      lane.inFlight--;
      if (this.#lanes.every((l) => l.inFlight === 0)) this.#idle = setTimeout(() => void this.close(), IDLE_MS).unref();
    }
  }

  /**
   * Starts every lane now, ahead of the first batch: a restore's plan walks its trees on the main
   * thread (~1.2 CPU s on the bench corpus) while the workers' own start (~0.3 CPU s each) can run
   * on the other cores. Unused, they end after WARM_MS (each call restarts that wait).
   */
  warm(): void {
    if (this.#failure || this.#lanes.some((l) => l.inFlight > 0)) return;
    while (this.#lanes.length < this.width) this.#start();
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => void this.close(), WARM_MS).unref();
  }

  /** Ends the workers (a restore started later starts new ones). */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const lanes = this.#lanes.splice(0);
    for (const l of lanes) {
      l.worker.removeAllListeners('exit');
      for (const p of l.pending.values()) p.reject(new BulkheadError('STORE', 'the restore workers were stopped'));
    }
    await Promise.all(lanes.map((l) => l.worker.terminate()));
    this.#failure = undefined;
  }

  /** The least busy lane; a new one while fewer than `width` run and every one is busy. */
  #pick(): Lane {
    const idle = this.#lanes.reduce<Lane | undefined>((best, l) => (!best || l.inFlight < best.inFlight ? l : best), undefined);
    if (idle && (idle.inFlight === 0 || this.#lanes.length >= this.width)) return idle;
    return this.#start();
  }

  #start(): Lane {
    const worker = startWorker('restore-worker');
    worker.unref();
    let ready!: () => void;
    const lane: Lane = { worker, ready: new Promise<void>((r) => (ready = r)), inFlight: 0, pending: new Map() };
    worker.on('message', (m: FromRestoreWorker) => {
      if (m.kind === 'ready') ready();
      else if (m.kind === 'written' || m.kind === 'checked') {
        lane.pending.get(m.seq)?.resolve((m.kind === 'written' ? { codes: m.codes, reasons: m.reasons } : m.found) as never);
        lane.pending.delete(m.seq);
      } else this.#fail(new BulkheadError('STORE', `a restore worker failed: ${m.message}`));
    });
    worker.on('error', (e) => this.#fail(e));
    // A worker that ends (killed, out of memory) answers nothing more: its batches fail, not hang.
    worker.on('exit', () => this.#fail(new BulkheadError('STORE', 'a restore worker stopped')));
    worker.postMessage({ kind: 'init', idKey: this.idKey } satisfies ToRestoreWorker);
    this.#lanes.push(lane);
    return lane;
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    for (const lane of this.#lanes) {
      for (const p of lane.pending.values()) p.reject(this.#failure);
      lane.pending.clear();
    }
  }
}
