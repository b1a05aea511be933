import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BulkheadError } from '../../util/errors.js';

/**
 * Whether a live folder may be written back in place: it is one of the folders the operator listed
 * (console Settings) or inside one. A snapshot says where its sources live, and its writer chose that:
 * a hijacked one can name `~/.ssh` or `/etc/cron.d` for a source of its own, flag it so the Incident
 * puts it first, and wait for "Restore all of this". Paths are compared as absolute strings.
 */
export function isInPlaceRoot(roots: readonly string[], root: string): boolean {
  // The writer's path as the file system will follow it: `..` resolved, and its symlinks too
  // (`/etc/app/../../root/.ssh`, or a link inside a listed folder, is not inside it).
  const at = resolvedNow(root);
  return roots.some((r) => {
    const base = resolvedNow(r);
    return at === base || at.startsWith(base === '/' ? '/' : `${base}/`);
  });
}

/**
 * Where a path leads now: its deepest existing folder with every symlink resolved, then the names
 * below it that do not exist yet. A path that is not there was taken literally, so a link on the
 * way to it (`LIVE/cache -> /home/op` under `LIVE/cache/.ssh`) went unseen (red team 4).
 */
export function resolvedNow(path: string): string {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...missing.reverse());
    } catch {
      if (at === dirname(at)) return resolve(path);
      missing.push(basename(at));
    }
  }
}

/**
 * Refuses a back-in-place write whose live folder leads elsewhere than when it was planned: a
 * restore run in between (another Incident section of the same writer's) can have made a folder on
 * the way a symlink, and mkdir and rename follow it (red team 4: a key written to ~/.ssh).
 */
export function assertLeadsWherePlanned(liveRoot: string, planned: string | undefined): void {
  const now = resolvedNow(liveRoot);
  if (planned !== undefined && now !== planned) {
    throw new BulkheadError('TAMPERED', `${liveRoot} now leads to ${now}, not to ${planned} as when the plan was made (a folder on the way became a symlink): nothing was written; show the plan again`);
  }
}

export function notInPlaceRoot(root: string, source: string): string {
  return `${root} is where the snapshot says ${source} lives, which its writer chose; it is not among the folders you restore into in place (Settings, "Folders restored in place"): add it there if that is right, or restore into a folder`;
}
