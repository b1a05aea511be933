import type { Chunker } from '../chunker/fastcdc.js';
import type { BlobType } from '../vault/pack.js';
import type { Tree } from '../vault/tree.js';
import type { ProgressSink } from '../util/progress.js';
import type { BatchOutcomes, WriteBatch } from '../vault/write-batch.js';

/** What a source needs from the vault to back something up: a place to put blobs. */
export interface BlobSink {
  readonly chunker: Chunker;
  add(type: BlobType, plain: Buffer): Promise<string>;
  /** True (and counted as used) when the blob is already stored. */
  reuse(id: string): boolean;
  /**
   * The source expects to add about `bytes` of new data soon and waits on something else now (a
   * git clone): the sink may prepare memory and code meanwhile (first-touch page faults, the cut
   * loop's optimization, off the later path).
   */
  warm?(bytes: number): void;
}

/** What a source needs from the vault to restore or diff: verified trees and blobs. */
export interface BlobFetcher {
  tree(id: string): Promise<Tree>;
  blob(id: string): Promise<Buffer>;
  /** The caller wrote a blob's bytes and keeps no view of them: the fetcher may reuse their memory. */
  release?(bytes: Buffer): void;
  /** Where a blob is stored and its length as indexed, so a restore can read in storage order; undefined if unknown. */
  placeOf?(id: string): { pack: string; offset: number; rawLength: number } | undefined;
  /** The blobs a restore is about to read, in order: the fetcher may read ahead and let go accordingly. */
  willRead?(ids: Iterable<string>): void;
  /** Whether writeBlobs takes this pack's blobs (a large restore, on worker threads); else read them one by one. */
  writesBlobs?(pack: string): boolean;
  /** Opens, verifies and writes blobs of one pack into their files; CORRUPT ones wrote nothing (read them through blob()). */
  writeBlobs?(pack: string, batch: WriteBatch): Promise<BatchOutcomes>;
}

export interface BackupStats {
  files: number;
  dirs: number;
  bytes: number;
  bytesRead: number;
  warnings: string[];
  /** Entries that exist but could not be read (permission denied, an I/O error): not in the snapshot. */
  unread: UnreadEntry[];
}

/** A path under the source root the backup could not read, and why. */
export interface UnreadEntry {
  path: string;
  reason: string;
}

export interface BackupContext {
  sink: BlobSink;
  progress: ProgressSink;
  stats: BackupStats;
}

export const emptyStats = (): BackupStats => ({ files: 0, dirs: 0, bytes: 0, bytesRead: 0, warnings: [], unread: [] });
