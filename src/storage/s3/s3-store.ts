import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobStore, GetOptions, ListedPage, ListedVersion, LockMode, ObjectInfo, PutOptions, RetentionProbe, StorePosture } from '../blob-store.js';
import { missingObject, refuseDelete, refuseOverwrite, refuseShorten } from '../refusals.js';
import { checkKey } from '../keys.js';
import { displayS3, type S3Location } from './s3-url.js';
import { explain, isNotFound, statusOf } from './s3-errors.js';
import { readBucketPosture } from './s3-posture.js';
import { probeRetention } from './s3-date-probe.js';
import { checkRetainUntil } from './retention-dates.js';
import { makeS3Client } from './s3-client.js';

/**
 * `s3://BUCKET[/PREFIX]` with Object Lock. Every put is create-only and locked (COMPLIANCE unless
 * the vault chose GOVERNANCE) with Content-MD5; reads name the version they want; there is no
 * delete. Works with AWS S3, MinIO, Ceph RGW, Backblaze B2 and Wasabi.
 */
export class S3Store implements BlobStore {
  readonly url: string;
  readonly wantsContentMd5 = true;
  readonly serverTimes = true;
  readonly readsInto = true;
  readonly client: S3Client;

  constructor(
    readonly location: S3Location,
    client?: S3Client,
  ) {
    this.url = displayS3(location);
    this.client = client ?? makeS3Client(location);
  }

  get bucket(): string {
    return this.location.bucket;
  }

  key(key: string): string {
    return this.location.prefix + checkKey(key);
  }

  async get(key: string, options: GetOptions = {}): Promise<Buffer> {
    const { range, versionId } = options;
    if (range && range.end <= range.start) return Buffer.alloc(0);
    const Key = this.key(key);
    try {
      const r = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key,
          ...(versionId && { VersionId: versionId }),
          ...(range && { Range: `bytes=${range.start}-${range.end - 1}` }),
        }),
      );
      // Always consume the body: an unread one holds its socket for a minute.
      const body = r.Body as AsyncIterable<Uint8Array> & { transformToByteArray(): Promise<Uint8Array> };
      if (options.into && !range && r.ContentLength !== undefined && r.ContentLength <= options.into.length) return await readInto(body, options.into);
      const bytes = await body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view, not a second copy
    } catch (e) {
      if (isNotFound(e)) missingObject(this.url, key);
      throw explain(e, this.url, `reading ${key}`);
    }
  }

  async head(key: string, versionId?: string): Promise<ObjectInfo | undefined> {
    const Key = this.key(key);
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key, ...(versionId && { VersionId: versionId }) }));
      return {
        key,
        size: r.ContentLength ?? 0,
        lockMode: (r.ObjectLockMode as LockMode | undefined) ?? 'NONE',
        ...(r.ObjectLockRetainUntilDate && { retainUntil: new Date(r.ObjectLockRetainUntilDate) }),
        ...(r.ObjectLockLegalHoldStatus === 'ON' && { legalHold: true as const }),
        ...(r.VersionId && { versionId: r.VersionId }),
        ...(r.LastModified && { lastModified: r.LastModified }),
      };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw explain(e, this.url, `inspecting ${key}`);
    }
  }

  async list(prefix: string): Promise<ListedVersion[]> {
    const out: ListedVersion[] = [];
    for await (const page of this.listPages(prefix)) out.push(...page.versions);
    return out;
  }

  /** One ListObjectVersions request per page (up to 1,000 rows), in key order; stopping early sends no more. */
  async *listPages(prefix: string): AsyncGenerator<ListedPage> {
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    const strip = (k: string) => k.slice(this.location.prefix.length);
    do {
      let r;
      try {
        r = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: this.location.prefix + prefix, KeyMarker, VersionIdMarker }));
      } catch (e) {
        throw explain(e, this.url, `listing ${prefix || 'the vault'}`);
      }
      const page: ListedVersion[] = [];
      for (const v of r.Versions ?? []) {
        page.push({ key: strip(v.Key!), size: v.Size ?? 0, versionId: v.VersionId!, lastModified: v.LastModified!, isDeleteMarker: false });
      }
      for (const m of r.DeleteMarkers ?? []) {
        page.push({ key: strip(m.Key!), size: 0, versionId: m.VersionId!, lastModified: m.LastModified!, isDeleteMarker: true });
      }
      KeyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
      VersionIdMarker = r.IsTruncated ? r.NextVersionIdMarker : undefined;
      yield { versions: page, more: KeyMarker !== undefined };
    } while (KeyMarker);
  }

  /**
   * The key sorts before every longer key it begins, so the listing stops at the first page that
   * shows another key: objects planted at `KEY…` (a hijacked agent can name them) cost one page.
   */
  async versionsOf(key: string): Promise<ListedVersion[]> {
    const out: ListedVersion[] = [];
    for await (const { versions } of this.listPages(key)) {
      out.push(...versions.filter((v) => v.key === key));
      if (versions.some((v) => v.key !== key)) break;
    }
    return out;
  }

  /**
   * Create-only: refused when the key has any version. If-None-Match makes AWS refuse a racing
   * writer; servers that ignore it (RGW 16) keep both versions, and readers use the first.
   */
  async put(key: string, bytes: Buffer, options: PutOptions): Promise<void> {
    if (await this.#exists(key)) refuseOverwrite(this.url, key);
    try {
      await this.client.send(this.putCommand(key, bytes, options));
    } catch (e) {
      if (statusOf(e) === 412) refuseOverwrite(this.url, key);
      throw explain(e, this.url, `writing ${key}`);
    }
  }

  /** The agent may not read data/ or snapshots/ (403): then only If-None-Match guards the put. */
  async #exists(key: string): Promise<boolean> {
    try {
      return (await this.head(key)) !== undefined;
    } catch (e) {
      if (statusOf((e as Error).cause) === 403) return false;
      throw e;
    }
  }

  putCommand(key: string, bytes: Buffer, options: PutOptions): PutObjectCommand {
    checkRetainUntil(this.url, key, options.retainUntil);
    return new PutObjectCommand({
      Bucket: this.bucket,
      Key: this.key(key),
      Body: bytes, // a Buffer, never a stream: RGW answers 411 to aws-chunked bodies
      ContentLength: bytes.length,
      ContentMD5: options.contentMd5 ?? createHash('md5').update(bytes).digest('base64'),
      IfNoneMatch: '*',
      ObjectLockMode: options.lockMode === 'GOVERNANCE' ? 'GOVERNANCE' : 'COMPLIANCE',
      ObjectLockRetainUntilDate: options.retainUntil,
    });
  }

  /** Extends the first version (the one Bulkhead wrote), never an attacker's later one. */
  async extendRetention(key: string, until: Date, versionId?: string): Promise<void> {
    checkRetainUntil(this.url, key, until);
    const first = versionId ?? (await this.list(key)).filter((v) => v.key === key && !v.isDeleteMarker).sort((a, b) => +a.lastModified - +b.lastModified)[0]?.versionId;
    if (!first) missingObject(this.url, key);
    const info = await this.head(key, first).catch((e: Error) => {
      if (statusOf(e.cause) === 403) return undefined; // the agent cannot read packs; the server still refuses to shorten
      throw e;
    });
    if (info?.retainUntil && until < info.retainUntil) refuseShorten(this.url, key, info.retainUntil, until);
    if (info?.retainUntil && until.getTime() === info.retainUntil.getTime()) return;
    try {
      await this.client.send(
        new PutObjectRetentionCommand({ Bucket: this.bucket, Key: this.key(key), VersionId: first, Retention: { Mode: info?.lockMode === 'GOVERNANCE' ? 'GOVERNANCE' : 'COMPLIANCE', RetainUntilDate: until } }),
      );
    } catch (e) {
      // Refused: another writer may have just set a later date (a server refuses any earlier one).
      // Where this identity may read the lock, that is checked, and it is a refusal to shorten.
      const now = statusOf(e) === 403 ? await this.head(key, first).catch(() => undefined) : undefined;
      if (now?.retainUntil && until <= now.retainUntil) refuseShorten(this.url, key, now.retainUntil, until);
      throw explain(e, this.url, `extending the retention of ${key}`);
    }
  }

  async posture(): Promise<StorePosture> {
    return readBucketPosture(this.client, this.bucket, this.location.prefix, this.url);
  }

  async probeRetention(key: string): Promise<RetentionProbe> {
    return probeRetention(this, key);
  }

  async delete(key: string): Promise<never> {
    return refuseDelete(this.url, key);
  }
}

/**
 * A whole object streamed into the caller's buffer (a restore's reused, shared pack buffers): no
 * collected chunks, no concatenation, no fresh multi-MiB buffer whose pages fault on first touch.
 * A body longer than its Content-Length said goes on into a fresh buffer rather than past the end.
 */
async function readInto(body: AsyncIterable<Uint8Array>, into: Buffer): Promise<Buffer> {
  let at = 0;
  const over: Uint8Array[] = [];
  for await (const chunk of body) {
    if (over.length === 0 && at + chunk.length <= into.length) into.set(chunk, at);
    else over.push(chunk);
    at += chunk.length;
  }
  return over.length === 0 ? into.subarray(0, at) : Buffer.concat([into.subarray(0, at - over.reduce((n, c) => n + c.length, 0)), ...over]);
}
