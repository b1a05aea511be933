import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the agent and the console keep caches of immutable vault objects and backup state. */
export function cacheRoot(): string {
  return process.env.BULKHEAD_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bulkhead');
}

export function vaultCache(vaultId: string, root = cacheRoot()): string {
  return join(root, vaultId);
}
