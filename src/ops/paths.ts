import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BulkheadError } from '../util/errors.js';

/** Where the agent and the console keep caches of immutable vault objects and backup state. */
export function cacheRoot(): string {
  return process.env.BULKHEAD_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bulkhead');
}

export function vaultCache(vaultId: string, root = cacheRoot()): string {
  return join(root, vaultId);
}

/**
 * A vault's cache folder, made private to this user before anything is kept in it: it holds git
 * mirrors (every file of a private repository, as git writes them: 0644 under 0755 folders), index
 * segments and file lists, which another local user must not read. A folder made by an older
 * version (0755) is closed. `agent`: one another user owns is refused (the agent runs git in the
 * mirrors kept there: that user could plant one whose config runs code); a reader's cache holds only
 * what is sealed or verified before use, so the operator may read through an agent's cache.
 */
export function privateVaultCache(vaultId: string, root = cacheRoot(), agent = false): string {
  const dir = vaultCache(vaultId, root);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const me = process.getuid?.();
  const mine = me === undefined || st.uid === me;
  if (!st.isDirectory() || (agent && !mine)) {
    throw new BulkheadError('USAGE', `the cache folder ${dir} is not a folder of this user's (uid ${st.uid}): move it away, or set BULKHEAD_CACHE_DIR to a folder of your own`);
  }
  if (mine && st.mode & 0o077) chmodSync(dir, 0o700);
  return dir;
}
