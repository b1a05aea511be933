import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { BulkheadError } from '../util/errors.js';
import type { ConfigBody } from './config.js';
import { firstVersion } from './listing.js';
import { writersDigest } from './snapshot-cache.js';
import type { SnapshotInfo } from './snapshot-list.js';
import { verdictOf } from './snapshot-verdict.js';

/**
 * The packs a listed snapshot names, read again from the store: listings do not hold pack lists
 * (snapshot.ts's ListedManifest), and only a few snapshots' are ever needed (posture's lock check
 * of each source's latest). The object is verified and opened as the listing did, and must be the
 * one it listed (same hash): a snapshot that changed since is CORRUPT, never another's packs.
 */
export async function snapshotPacks(store: BlobStore, config: ConfigBody, identity: RecoveryIdentity, snap: SnapshotInfo): Promise<string[]> {
  const listed = await firstVersion(store, snap.key);
  if (!listed) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id} (${snap.key}) is no longer listed by the store; look again`);
  const none = { opened: new Map(), unopened: new Map() };
  const verdict = await verdictOf(store, listed, config, identity, none, writersDigest(config));
  if (!('opened' in verdict) || !verdict.packs || verdict.opened.hash !== snap.hash) {
    throw new BulkheadError('CORRUPT', `snapshot ${snap.id} (${snap.key}) is not the object it was listed as: read again, it no longer opens or its content changed`);
  }
  return verdict.packs;
}
