import type { BlobType, PackEntry } from './pack.js';

/** Messages between the writer (main thread) and its pack workers. */
export interface InitMessage {
  kind: 'init';
  recipients: Uint8Array[];
  packSize: number;
  md5: boolean;
}

/** A batch of new blobs, their bytes back to back in one transferred buffer. */
export interface BatchMessage {
  kind: 'batch';
  ids: string[];
  types: BlobType[];
  lengths: number[];
  bytes: ArrayBuffer;
}

export interface FlushMessage {
  kind: 'flush';
}

export type ToWorker = InitMessage | BatchMessage | FlushMessage;

export interface PackMessage {
  kind: 'pack';
  id: string;
  md5?: string;
  bytes: Uint8Array;
  entries: PackEntry[];
}

export type FromWorker = PackMessage | { kind: 'ready' } | { kind: 'batch-done' } | { kind: 'flushed' } | { kind: 'error'; message: string };
