import { Lanes } from '../util/lanes.js';
import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { isVaultKey, mostBytes } from './key-grammar.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { formatBytes } from '../util/bytes.js';

/** What a version listing shows beyond the objects themselves: traces of an attack. */
export interface ListingAnomalies {
  deleteMarkers: ListedVersion[];
  overwrites: ListedVersion[];
  /** Every version (and delete marker) at a key Bulkhead never writes, or a local entry that is no file (notAFile); skipped by all readers. */
  foreign: ListedVersion[];
}

export interface ResolvedListing extends ListingAnomalies {
  /** key → the first version written, which is the one Bulkhead wrote and the one under lock. */
  objects: Map<string, ListedVersion>;
}

/**
 * Bulkhead writes every key once, so a delete marker hides nothing (the first version is still
 * there) and a second version of a key is an attempted overwrite: read the first, report the rest.
 * Keys outside the key grammar are set aside, so one stray object never stops a reader; so is a
 * local folder's entry that is no regular file (a FIFO or symlink at a snapshot's key), never opened.
 */
export function resolveListing(versions: readonly ListedVersion[]): ResolvedListing {
  const objects = new Map<string, ListedVersion>();
  const deleteMarkers: ListedVersion[] = [];
  const overwrites: ListedVersion[] = [];
  const foreign: ListedVersion[] = [];
  const ordered = [...versions].sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime());
  for (const v of ordered) {
    if (isForeign(v)) foreign.push(v);
    else if (v.isDeleteMarker) deleteMarkers.push(v);
    else if (objects.has(v.key)) overwrites.push(v);
    else objects.set(v.key, v);
  }
  return { objects, deleteMarkers, overwrites, foreign };
}

/** Set aside by every reader: a key Bulkhead never writes, or a local entry that is no file. */
export const isForeign = (v: ListedVersion): boolean => v.notAFile !== undefined || !isVaultKey(v.key);

/** The listing of a prefix, resolved; a local folder also names each entry that takes an object's place (a folder at a key, a stray under .bulkhead/retention/). */
export async function listResolved(store: BlobStore, prefix: string): Promise<ResolvedListing> {
  return resolveListing(await store.list(prefix, { objectKey: isVaultKey }));
}

/** One key's first version, from its own versions (a longer key beside it is not taken); undefined when the store has none. */
export async function firstVersion(store: BlobStore, key: string): Promise<ListedVersion | undefined> {
  return resolveListing(store.versionsOf ? await store.versionsOf(key) : await store.list(key)).objects.get(key);
}

/**
 * Reads the first version of a listed object. One larger than its kind may be (mostBytes) is
 * refused unread, as CORRUPT: callers treat it as the damaged or tampered object it is.
 */
export async function getFirst(store: BlobStore, v: ListedVersion, range?: { start: number; end: number }): Promise<Buffer> {
  const most = range ? undefined : mostBytes(v.key);
  if (most !== undefined && v.size > most) {
    throw new BulkheadError('CORRUPT', `${v.key} is ${formatBytes(v.size)}, more than such an object can be (${formatBytes(most)}): not read; Bulkhead did not write it`);
  }
  return store.get(v.key, { ...(v.versionId && { versionId: v.versionId }), ...(range && { range }) });
}

/**
 * getFirst, with a refused object (CORRUPT) as a value: the callers report it and go on. A local
 * object that is no regular file or that this user may not read is refused so too (local-entries.ts).
 */
export function getFirstOrWhy(store: BlobStore, v: ListedVersion): Promise<Buffer | BulkheadError> {
  return getFirst(store, v).catch((e: unknown) => (isBulkheadError(e, 'CORRUPT') ? e : Promise.reject(e)));
}

/** One listed version, as a cache remembers it: another version under the key (or another size or time) is judged again. */
export const versionToken = (v: ListedVersion): string => `${v.versionId ?? ''}:${v.size}:${v.lastModified.getTime()}`;

/** Objects up to this size are fetched eight at a time; larger ones (up to their kind's ceiling) one at a time. */
const SMALL = 4 * 1024 * 1024;
const SMALL_AT_ONCE = 8;

/**
 * Runs `task` over listed objects a few at a time, small ones eight at once and large ones singly,
 * so that a flood of objects (a hijacked agent's to make) is never in memory together: each task
 * is expected to drop an object's bytes once it has judged them.
 */
export async function fewAtATime(objects: readonly ListedVersion[], task: (v: ListedVersion) => Promise<void>): Promise<void> {
  for (const [width, some] of [[SMALL_AT_ONCE, objects.filter((v) => v.size <= SMALL)], [1, objects.filter((v) => v.size > SMALL)]] as const) {
    const lanes = new Lanes(width);
    for (const v of some) await lanes.run(() => task(v));
    await lanes.drain();
  }
}
