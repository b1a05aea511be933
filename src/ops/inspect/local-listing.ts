import type { BlobStore } from '../../storage/blob-store.js';
import { listResolved, resolveListing, type ResolvedListing } from '../../vault/listing.js';
import { isVaultKey } from '../../vault/key-grammar.js';

/**
 * The whole store's listing for posture. A local folder holds one version per key (no delete
 * markers, no overwrites), so its objects need no ordering by time, and none is stat'ed unless a
 * check reads its size or time (foreign objects' are): posture needs which objects exist and their
 * locks (#14). Any other store: resolveListing of its version listing.
 */
export async function postureListing(store: BlobStore): Promise<ResolvedListing> {
  if (!store.listLazy) return listResolved(store, '');
  const listed = await store.listLazy('');
  const objects = new Map(listed.filter((v) => isVaultKey(v.key)).map((v) => [v.key, v]));
  // the few foreign objects through the usual resolution (their sizes and times are reported)
  const { foreign } = resolveListing(listed.filter((v) => !isVaultKey(v.key)));
  return { objects, deleteMarkers: [], overwrites: [], foreign };
}
