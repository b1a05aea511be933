/**
 * The small storage interface every backend implements (memory, file, s3) and every wrapper
 * (faulty, read-only, retrying) passes through. Create-only by contract: put fails when the key
 * exists; there is no overwrite, and delete always refuses.
 */
export type LockMode = 'COMPLIANCE' | 'GOVERNANCE' | 'LOCAL' | 'NONE';

export interface ObjectInfo {
  key: string;
  size: number;
  retainUntil?: Date;
  lockMode: LockMode;
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
}

export interface StorePosture {
  versioning: 'enabled' | 'suspended' | 'off';
  lockMode: LockMode;
  defaultRetentionDays?: number;
  notes: string[];
}

export interface ByteRange {
  start: number;
  end: number; // exclusive
}

export interface GetOptions {
  range?: ByteRange;
  versionId?: string;
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
  get(key: string, options?: GetOptions): Promise<Buffer>;
  head(key: string, versionId?: string): Promise<ObjectInfo | undefined>;
  /** Every version and delete marker under the prefix, oldest first per key. */
  list(prefix: string): Promise<ListedVersion[]>;
  put(key: string, bytes: Buffer, options: PutOptions): Promise<void>;
  /** Moves retention later; an earlier date is refused, the same date is a no-op. */
  extendRetention(key: string, until: Date, versionId?: string): Promise<void>;
  posture(): Promise<StorePosture>;
  /** Always refuses: nothing in Bulkhead deletes; objects expire only after their retention. */
  delete(key: string): Promise<never>;
}
