import type { BlobStore } from '../storage/blob-store.js';
import { packKey, type BlobIndex } from './blob-index.js';
import type { ConfirmedLocks } from './confirmed-locks.js';
import { listResolved } from './listing.js';

/**
 * Sets which packs a writer may dedup into (BlobIndex.existingPacks): every pack its own records
 * name must exist, so that a signed record naming a pack never stored cannot fail its backups. A
 * pack the server confirmed locked past now (this agent's own put or extension, ConfirmedLocks)
 * exists; only when some record names a pack without that confirmation (a lost cache, a record
 * forged with this writer's key) is `data/` listed. That listing holds every agent's packs, and
 * whatever junk a hijacked agent puts there: each backup paid for it as the vault grew.
 */
export async function findExistingPacks(store: BlobStore, index: BlobIndex, writerId: string, locks: ConfirmedLocks, now: Date): Promise<void> {
  const own = new Set<string>();
  for (const [, loc] of index.signedBy(writerId)) own.add(loc.pack);
  const confirmed = (id: string) => {
    const known = locks.get(packKey(id));
    return known !== undefined && known.until > now;
  };
  if ([...own].every(confirmed)) {
    index.existingPacks = new Map([...own].map((id) => [id, locks.get(packKey(id))!.versionId]));
    return;
  }
  const { objects } = await listResolved(store, 'data/');
  index.existingPacks = new Map([...objects].map(([key, v]) => [key.slice(key.lastIndexOf('/') + 1), v.versionId]));
}
