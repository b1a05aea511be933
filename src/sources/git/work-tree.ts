import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git.js';
import { isLocalPath } from './mirror-cache.js';

/** What `git status` found in a work tree that no commit holds. */
export interface Uncommitted {
  changed: number;
  untracked: number;
}

/**
 * A git source keeps what git holds (every ref, every object), not a work tree's edits: a source
 * given as a checkout on a server (a config repository someone edited in place) loses those
 * silently unless the backup says so. A bare repository, a URL or a status git cannot give: none.
 * Read-only and without the repository's programs: no optional locks (the index is not
 * refreshed on disk), no fsmonitor hook, no untracked cache written, submodules not entered.
 */
export async function uncommitted(url: string): Promise<Uncommitted | undefined> {
  // A `.git` folder or file (a linked worktree's) at its top: a checkout.
  if (!isLocalPath(url) || !existsSync(join(url, '.git'))) return undefined;
  const args = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal', '--ignore-submodules=all'];
  const r = await git(args, { cwd: url }).catch(() => undefined);
  return r ? countStatus(r.stdout.toString('latin1')) : undefined;
}

/** Counts `status --porcelain=v1 -z` entries: `XY PATH`, a rename or copy followed by its source path. */
export function countStatus(out: string): Uncommitted | undefined {
  const fields = out.split('\0');
  let changed = 0;
  let untracked = 0;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length < 4) continue;
    if (f.startsWith('??')) untracked++;
    else changed++;
    if (f[0] === 'R' || f[0] === 'C') i++; // the next field is the path it came from
  }
  return changed + untracked > 0 ? { changed, untracked } : undefined;
}

/** The backup's warning for a work tree with uncommitted changes. */
export function uncommittedWarning(shown: string, u: Uncommitted): string {
  const parts = [u.changed > 0 && `${u.changed} changed`, u.untracked > 0 && `${u.untracked} untracked`].filter(Boolean).join(', ');
  return `${shown}: the work tree has uncommitted changes (${parts}) that a git source does not keep (it keeps every ref and every commit); commit them, or back the work tree up as a dir: source too`;
}
