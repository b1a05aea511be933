import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { hkdf } from '../../crypto/kdf.js';
import { LiveStatCache } from '../../sources/dir/live-stat-cache.js';

/** Bump when what a record means changes: older files then do not open, and are written anew. */
const AD = 'bulkhead/v1/live-cache/1';

/**
 * The stat cache of live file hashes for a diff of `root` against this vault (live-stat-cache.ts),
 * in the operator's cache folder beside the vault's other local caches, or an unsaved one when the
 * reader keeps no cache folder. Sealed under a key only this identity derives for this vault, with
 * the vault's hashing in the AD (its keyed chunker and ids, as one blob id of the chunker's
 * parameters): a cache another identity, vault or hashing wrote does not open, and is ignored.
 */
export function liveStatCache(reader: VaultReader, root: Buffer, now?: bigint): Promise<LiveStatCache> {
  const path = reader.cacheDir && join(reader.cacheDir, `live-${reader.identity.recipientFingerprint}.sealed`);
  const key = hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  const hashing = reader.keys.blobId(Buffer.from(JSON.stringify(reader.config.chunker)));
  return LiveStatCache.load(path, key, `${AD} ${hashing}`, root, now);
}
