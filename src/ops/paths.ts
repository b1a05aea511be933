import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../crypto/blob-id.js';

/** Where the agent and the console keep caches of immutable vault objects and backup state. */
export function cacheRoot(): string {
  return process.env.BULKHEAD_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bulkhead');
}

export function vaultCache(vaultId: string, root = cacheRoot()): string {
  return join(root, vaultId);
}

/** The COMPLIANCE dates posture read from a store before (by store URL: posture may run without the key). */
export function lockMemoryPath(storeUrl: string, root = cacheRoot()): string {
  return join(root, 'locks', `${sha256Hex(Buffer.from(storeUrl)).slice(0, 24)}.json`);
}
