/**
 * The small storage interface every backend implements (memory, file, s3) and every wrapper
 * (faulty, read-only, retrying) passes through. Create-only by contract: put fails when the key
 * exists; there is no overwrite, and delete always refuses.
 */
import type { LocalLockFiles } from './local-locks.js';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE' | 'LOCAL' | 'NONE';

export interface ObjectInfo {
  key: string;
  size: number;
  retainUntil?: Date;
  lockMode: LockMode;
  /** Under an S3 legal hold: kept past retainUntil until someone lifts the hold. */
  legalHold?: true;
  versionId?: string;
  lastModified?: Date;
}

/** One row of a version listing: an object version or a delete marker. */
export interface ListedVersion {
  key: string;
  size: number;
  versionId?: string;
  lastModified: Date;
  isDeleteMarker: boolean;
  /**
   * A local folder's entry that is no regular file (a symlink, a FIFO…), with why: never opened,
   * set aside with the foreign keys and named by posture, whatever its name.
   */
  notAFile?: string;
}

/** Options of a listing. */
export interface ListOptions {
  /**
   * Which keys are objects' (the vault's key grammar). A local folder given it also sets aside
   * (notAFile) a folder at such a key, and each entry of its retention tree (.bulkhead/retention/)
   * in the way of a write, at its object's key: a listing then names every entry that takes an
   * object's place (a hijacked agent's squat on the next config number). Other stores ignore it.
   */
  objectKey?: (key: string) => boolean;
}

/** A folder a local vault needs (`data/ab/`, `index/<writer>/`) that cannot be one: the entry in its way. */
export interface FolderObstacle {
  /** The folder, as a key prefix with its trailing slash. */
  prefix: string;
  /** The entry in the way, in the object tree or in its retention twin (.bulkhead/retention/), and what it is ("a file"). */
  path: string;
  kind: string;
}

/** One page of a listing (BlobStore.listPages); `more`: another page follows. */
export interface ListedPage {
  versions: ListedVersion[];
  more: boolean;
}

/** An enabled bucket lifecycle rule, as the server reports it. */
export interface LifecycleRule {
  id: string;
  /** The key prefix it applies to ('' for the whole bucket). */
  prefix: string;
  /** What it does, one phrase each, e.g. "deletes noncurrent versions after 1 day". */
  actions: string[];
  /** True when it expires, deletes or moves objects (abort-incomplete-upload alone is harmless). */
  destructive: boolean;
}

/** Multipart uploads never completed (S3): storage paid for that no version listing shows. */
export interface IncompleteUploads {
  count: number;
  keys: string[];
  /** False when there were more than one look reads (count is then a lower bound). */
  complete: boolean;
  oldest?: Date;
}

export interface StorePosture {
  versioning: 'enabled' | 'suspended' | 'off';
  lockMode: LockMode;
  defaultRetentionDays?: number;
  /** Bucket lifecycle rules (S3 only); a rule that expires versions quietly erodes the history. */
  lifecycleRules?: LifecycleRule[];
  /** S3 only; undefined when they could not be listed (a note says why). */
  incompleteUploads?: IncompleteUploads;
  notes: string[];
}

/** What a server did with a retention date past 2^32 seconds (2106): kept it, or wrapped it. */
export interface RetentionProbe {
  key: string;
  asked: Date;
  readBack?: Date;
}

export interface ByteRange {
  start: number;
  end: number; // exclusive
}

export interface GetOptions {
  range?: ByteRange;
  versionId?: string;
  /** Stores with `readsInto` read a whole object into this buffer when it fits, and return a view of it. */
  into?: Buffer;
}

export interface PutOptions {
  retainUntil: Date;
  /** COMPLIANCE unless the vault was created with --allow-governance. */
  lockMode?: LockMode;
  /** base64 MD5 of the bytes when the caller already has it (pack workers compute it off the main thread). */
  contentMd5?: string;
}

export interface BlobStore {
  readonly url: string;
  /**
   * True when a ranged read costs about its bytes (a local file, memory): a restore then reads just
   * the blobs it needs. Otherwise (S3: a fixed cost per request) it reads mostly-needed packs whole.
   */
  readonly rangedReadsCheap?: boolean;
  /**
   * True when a listing's times are set by the server when it received each object (S3), so no
   * writer chooses them; a local folder's file times can be set by anyone who copies or edits it.
   */
  readonly serverTimes?: boolean;
  /** True when a put needs the bytes' MD5 (S3 Object Lock): pack workers then compute it off the main thread. */
  readonly wantsContentMd5?: boolean;
  /** True when get() honours `into` (a local file; S3's streamed body): a restore then reuses a few pack buffers. */
  readonly readsInto?: boolean;
  /** A local folder's retention files, stat'ed and read apart from the objects (posture's check of every lock). */
  readonly lockFiles?: LocalLockFiles;
  get(key: string, options?: GetOptions): Promise<Buffer>;
  head(key: string, versionId?: string): Promise<ObjectInfo | undefined>;
  /** Every version and delete marker under the prefix, oldest first per key. */
  list(prefix: string, options?: ListOptions): Promise<ListedVersion[]>;
  /**
   * The same listing a page at a time (S3: one request each, up to 1,000 rows), in key order: a
   * key's rows may go on into the next page, never come back after it. A caller that keeps only the
   * keys it looks for holds one page, and may stop early (what a flood of junk under the prefix costs).
   */
  listPages?(prefix: string): AsyncIterable<ListedPage>;
  /** A local folder (one version per key): the keys in key order, each size and time stat'ed only when read. */
  listLazy?(prefix: string, options?: ListOptions): Promise<ListedVersion[]>;
  /**
   * Every version of exactly this key (not a longer key beside it), as list(key) has them. S3 stops
   * at the first page that shows a longer key (keys planted beside it cost one page); a local folder
   * stats the one file: listing a key's prefix reads its whole folder (8,760 names in `snapshots/`
   * after a year of hourly backups, ~60 ms for one snapshot, #14).
   */
  versionsOf?(key: string): Promise<ListedVersion[]>;
  put(key: string, bytes: Buffer, options: PutOptions): Promise<void>;
  /**
   * A local folder: a folder on the store's own file system where a writer builds packs as files
   * (pack.ts StagedFile) instead of in memory, then hands each to putStaged. Made if missing.
   */
  stagingDir?(): string;
  /** Stores the finished file at `path` (in stagingDir) as `key`, create-only like put; the file goes either way. */
  putStaged?(key: string, path: string, options: PutOptions): Promise<void>;
  /**
   * A local folder: makes the folders `prefixes` name (`data/ab/`) and their retention twins where
   * missing, before anyone who may only create entries there (a hijacked agent) can take their
   * place; returns those it could not make because something is in the way (never throws for that).
   */
  makeFolders?(prefixes: readonly string[]): FolderObstacle[];
  /** A local folder: makeFolders' check without making anything (posture). */
  folderObstacles?(prefixes: readonly string[]): FolderObstacle[];
  /** Moves retention later; an earlier date is refused, the same date is a no-op. */
  extendRetention(key: string, until: Date, versionId?: string): Promise<void>;
  posture(): Promise<StorePosture>;
  /**
   * Object Lock stores only: writes one tiny GOVERNANCE-locked object at `key` with a retention
   * date just past 2106 and reads the date back (some servers keep only 32 bits of seconds).
   */
  probeRetention?(key: string): Promise<RetentionProbe>;
  /** Always refuses: nothing in Bulkhead deletes; objects expire only after their retention. */
  delete(key: string): Promise<never>;
}
