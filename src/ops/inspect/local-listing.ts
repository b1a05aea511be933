import type { BlobStore, ListedVersion } from '../../storage/blob-store.js';
import { isForeign, listResolved, resolveListing, type ResolvedListing } from '../../vault/listing.js';
import { isVaultKey } from '../../vault/key-grammar.js';

/**
 * The whole store's listing for posture. A local folder holds one version per key (no delete
 * markers, no overwrites), so its objects need no ordering by time, and none is stat'ed unless a
 * check reads its size or time (foreign objects' are): posture needs which objects exist and their
 * locks (#14). Any other store: resolveListing of its version listing.
 */
export async function postureListing(store: BlobStore): Promise<ResolvedListing> {
  if (!store.listLazy) return listResolved(store, '');
  const listed = await store.listLazy('', { objectKey: isVaultKey });
  // one pass, one test of the key grammar each (two filters tested each of 25,000 keys twice)
  const objects = new Map<string, ListedVersion>();
  const others: ListedVersion[] = [];
  for (const v of listed) {
    if (isForeign(v)) others.push(v);
    else objects.set(v.key, v);
  }
  // the few foreign objects through the usual resolution (their sizes and times are reported)
  const { foreign } = resolveListing(others);
  return { objects, deleteMarkers: [], overwrites: [], foreign };
}
