import type { BlobType, PackBody, PackEntry } from './pack.js';

/** Messages between the writer (main thread) and its pack workers. */
export interface InitMessage {
  kind: 'init';
  recipients: Uint8Array[];
  packSize: number;
  md5: boolean;
  /** Packs are built as files whose paths start so (PackLanes), in the store's staging folder. */
  staging?: string;
}

/** A batch of new blobs, their bytes back to back from the start of one transferred buffer. */
export interface BatchMessage {
  kind: 'batch';
  ids: string[];
  types: BlobType[];
  lengths: number[];
  bytes: ArrayBuffer;
}

/** A pack is stored: its buffer (none for a staged pack) back to the worker that built it, for its next pack. */
export interface ReturnMessage {
  kind: 'return';
  buffer?: ArrayBuffer;
}

export interface FlushMessage {
  kind: 'flush';
}

export type ToWorker = InitMessage | BatchMessage | ReturnMessage | FlushMessage;

/** A finished pack: a view of a transferred pack buffer, to be returned once stored, or its staged file. */
export interface PackMessage {
  kind: 'pack';
  id: string;
  md5?: string;
  body: PackBody | { bytes: Uint8Array };
  entries: PackEntry[];
}

/** The batch is packed: its buffer comes back for the next batch. */
export interface BatchDoneMessage {
  kind: 'batch-done';
  bytes: ArrayBuffer;
}

export type FromWorker = PackMessage | BatchDoneMessage | { kind: 'ready' } | { kind: 'flushed' } | { kind: 'error'; message: string };
