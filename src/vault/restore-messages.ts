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
   * is only written at `at`. `owner` only when the file is not born with it (a restore as root of
   * another user's file): a chown per file that changes nothing is ~48k system calls on the bench.
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

/** A restored file to read back: whether it is a file holding exactly these blobs, at these lengths, with this mode, mtime and owner. */
export interface FileCheck {
  /** latin1, as BlobWrite's. */
  path: string;
  ids: string[];
  lengths: number[];
  size: number;
  /** Permission bits (0o7777). */
  mode: number;
  /** µs, as the tree records it. */
  mtime: number;
  /** Checked only when given (a restore as root). */
  owner?: { uid: number; gid: number };
}

/** What a read-back found different in a file (read-back.ts checkRestored), as bits: 0 is none. */
export const DIFFERS = { content: 1, mode: 2, owner: 4, mtime: 8, kind: 16, missing: 32 } as const;

export interface CheckMessage {
  kind: 'check';
  seq: number;
  files: FileCheck[];
}

export type ToRestoreWorker = InitMessage | WriteMessage | CheckMessage;

export type FromRestoreWorker =
  | { kind: 'ready' }
  | { kind: 'written'; seq: number; outcomes: BlobWriteOutcome[] }
  | { kind: 'checked'; seq: number; found: number[] }
  | { kind: 'error'; message: string };
