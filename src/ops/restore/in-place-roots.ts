import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether a live folder may be written back in place: it is one of the folders the operator listed
 * (console Settings) or inside one. A snapshot says where its sources live, and its writer chose that:
 * a hijacked one can name `~/.ssh` or `/etc/cron.d` for a source of its own, flag it so the Incident
 * puts it first, and wait for "Restore all of this". Paths are compared as absolute strings.
 */
export function isInPlaceRoot(roots: readonly string[], root: string): boolean {
  // The writer's path as the file system will follow it: `..` resolved, and where it exists its
  // symlinks too (`/etc/app/../../root/.ssh`, or a link inside a listed folder, is not inside it).
  const at = followed(resolve(root));
  return roots.some((r) => {
    const base = followed(resolve(r));
    return at === base || at.startsWith(base === '/' ? '/' : `${base}/`);
  });
}

function followed(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // not there yet: the in-place plan creates it, through no link
  }
}

export function notInPlaceRoot(root: string, source: string): string {
  return `${root} is where the snapshot says ${source} lives, which its writer chose; it is not among the folders you restore into in place (Settings, "Folders restored in place"): add it there if that is right, or restore into a folder`;
}
