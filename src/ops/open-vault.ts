import { join } from 'node:path';
import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { VaultReader } from '../vault/reader.js';
import { privateVaultCache } from './paths.js';
import type { Clock } from '../util/clock.js';

/** Opens a vault for reading, with the local cache of (encrypted) index segments; `lazyIndex`, `clock`: see VaultReader.open. */
export function openVault(store: BlobStore, identity: RecoveryIdentity, cacheRoot: string, opts: { lazyIndex?: boolean; clock?: Clock } = {}): Promise<VaultReader> {
  return VaultReader.open(store, identity, (vaultId) => join(privateVaultCache(vaultId, cacheRoot), 'index'), opts);
}
