import type { ListedManifest } from './snapshot.js';

/** A snapshot object as opened once by this identity: what its verification and decryption found. */
export interface OpenedSnapshot {
  /** The listed version it was read from (id, size, store time): another version is read again. */
  version: string;
  hash: string;
  id: string;
  time: string;
  writer: string;
  /** The writer's public key that verified the signature (a changed key means reading it again). */
  verifiedWith: string;
  manifest: ListedManifest;
}

/**
 * A snapshot object this identity did not open, and why: refused (forged, edited, an unknown
 * writer, too large), or sealed to other recipients only (its hash, which a chain may name).
 */
export interface UnopenedSnapshot {
  version: string;
  /** The writers (ids and keys) it was judged against: an enrollment or a new key judges it again. */
  writers: string;
  refused?: string;
  sealedToOthers?: { hash: string; message: string };
}

export interface SnapshotVerdicts {
  opened: Map<string, OpenedSnapshot>;
  unopened: Map<string, UnopenedSnapshot>;
  /** What the listing that kept these charged each writer for its opened ones (manifest-budget.ts); a later listing of the same set carries it. */
  charged?: ReadonlyMap<string, number>;
}
