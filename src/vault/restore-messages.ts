/** Messages between a restore (main thread) and its restore workers (restore-worker.ts). */
import type { BatchOutcomes, WriteBatchData } from './write-batch.js';
import type { CheckBatchData } from './check-batch.js';

export interface InitMessage {
  kind: 'init';
  /** The keyed-id secret (VaultKeys): the worker recomputes every blob's id. */
  idKey: Uint8Array;
}

/**
 * Blobs of one pack to open, verify and write into their files (write-batch.ts says what each job
 * holds): `bytes` covers their boxes (a view of a shared pack buffer, or a copy).
 */
export interface WriteMessage {
  kind: 'write';
  seq: number;
  pack: string;
  dek: Uint8Array;
  bytes: Uint8Array;
  batch: WriteBatchData;
}

/** What a read-back found different in a file (read-back.ts checkRestored), as bits: 0 is none. */
export const DIFFERS = { content: 1, mode: 2, owner: 4, mtime: 8, kind: 16, missing: 32 } as const;

export interface CheckMessage {
  kind: 'check';
  seq: number;
  batch: CheckBatchData;
}

export type ToRestoreWorker = InitMessage | WriteMessage | CheckMessage;

export type FromRestoreWorker =
  | { kind: 'ready' }
  | ({ kind: 'written'; seq: number } & BatchOutcomes)
  | { kind: 'checked'; seq: number; found: number[] }
  | { kind: 'error'; message: string };
