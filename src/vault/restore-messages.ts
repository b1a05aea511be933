/** Messages between a restore (main thread) and its restore workers (restore-worker.ts). */

/** What a restore asks: this blob into this file at this offset (restore-worker.ts says how). */
export interface BlobWrite {
  id: string;
  /**
   * The file's full path as latin1 (one char per byte: names need not be UTF-8; a string is posted
   * cheaply, a small Buffer would carry its whole 8 KiB pool slab), and where in it the blob goes.
   */
  path: string;
  at: number;
  /**
   * A one-blob file: created only now (O_EXCL, no symlink followed), its size checked, its mode and
   * mtime (seconds) set. Without it the file exists already (made by the main thread) and the blob
   * is only written at `at`.
   */
  whole?: { size: number; mode: number; mtime: number; owner?: { uid: number; gid: number } };
}

/** One blob to open, verify and write into a file, with where its box lies. */
export interface BlobWriteJob extends BlobWrite {
  /** Where its box lies in the batch's bytes, and how long it is. */
  offset: number;
  length: number;
  /** Its length once opened and decoded (from the index, checked against the content). */
  rawLength: number;
  /** Decoding stops past this many bytes (the smaller of rawLength and the data blob ceiling). */
  ceiling: number;
}

export interface InitMessage {
  kind: 'init';
  /** The keyed-id secret (VaultKeys): the worker recomputes every blob's id. */
  idKey: Uint8Array;
}

/** Blobs of one pack: `bytes` covers their boxes (a view of a shared pack buffer, or a copy). */
export interface WriteMessage {
  kind: 'write';
  seq: number;
  pack: string;
  dek: Uint8Array;
  bytes: Uint8Array;
  jobs: BlobWriteJob[];
}

/**
 * What became of one job. `corrupt`: the box did not open or verify at this location (nothing was
 * written); `fs`: the file system refused (a half-made one-blob file was removed).
 */
export type BlobWriteOutcome = { ok: true } | { ok: false; corrupt: boolean; reason: string };

/** A restored file to read back: whether it holds exactly these blobs, at these lengths, and nothing after. */
export interface FileCheck {
  /** latin1, as BlobWrite's. */
  path: string;
  ids: string[];
  lengths: number[];
}

export interface CheckMessage {
  kind: 'check';
  seq: number;
  files: FileCheck[];
}

export type ToRestoreWorker = InitMessage | WriteMessage | CheckMessage;

export type FromRestoreWorker =
  | { kind: 'ready' }
  | { kind: 'written'; seq: number; outcomes: BlobWriteOutcome[] }
  | { kind: 'checked'; seq: number; matches: boolean[] }
  | { kind: 'error'; message: string };
