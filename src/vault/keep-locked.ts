import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import type { ConfirmedLocks } from './confirmed-locks.js';
import { firstVersion } from './listing.js';

/**
 * Keeps an object's first version (the one written under lock; a later version or a delete
 * marker changes nothing) locked until at least `needed`: nothing to do when the server already
 * confirmed such a date, else one extension to `target`, of the version the caller listed or a
 * one-key listing names. Returns whether it asked the server.
 */
export async function keepLocked(store: BlobStore, locks: ConfirmedLocks, key: string, needed: Date, target: Date, listedVersion?: string): Promise<boolean> {
  const known = locks.get(key);
  if (known && known.until >= needed) return false;
  let versionId = known?.versionId ?? listedVersion;
  if (!versionId) {
    const first = await firstVersion(store, key);
    if (!first) throw new BulkheadError('NOT_FOUND', `${key} is missing from ${store.url}, yet this backup needs it; run "bulkhead check"`);
    versionId = first.versionId;
  }
  try {
    await store.extendRetention(key, target, versionId);
  } catch (e) {
    // A refusal to shorten proves the object is already locked past the target.
    if (!isBulkheadError(e, 'IMMUTABLE')) throw e;
  }
  locks.note(key, target, versionId);
  return true;
}
