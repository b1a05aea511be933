import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { git } from './git.js';
import { isLocalPath } from './mirror-cache.js';

/** What `git status` found in a work tree that no commit holds. */
export interface Uncommitted {
  changed: number;
  untracked: number;
  /** Stash entries older than the newest (`stash@{1}` on): they live only in the stash's reflog. */
  olderStashes: number;
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
  const found = r ? countStatus(r.stdout.toString('latin1')) : undefined;
  const olderStashes = Math.max(0, stashEntries(url) - 1);
  if (!found && olderStashes === 0) return undefined;
  return { changed: found?.changed ?? 0, untracked: found?.untracked ?? 0, olderStashes };
}

/**
 * How many entries `git stash list` shows: the lines of the stash's reflog, in the repository's
 * common folder (a linked worktree's `.git` file names its own folder, which names the common one).
 * Only the newest is a ref (`refs/stash`), so only it is backed up; the others are said.
 */
function stashEntries(checkout: string): number {
  try {
    let dir = join(checkout, '.git');
    if (statSync(dir).isFile()) {
      const own = readFileSync(dir, 'utf8').match(/^gitdir: (.+)$/m)?.[1]?.trim();
      if (!own) return 0;
      dir = isAbsolute(own) ? own : resolve(checkout, own);
      const common = join(dir, 'commondir');
      if (existsSync(common)) dir = resolve(dir, readFileSync(common, 'utf8').trim());
    }
    const log = join(dir, 'logs', 'refs', 'stash');
    return existsSync(join(dir, 'refs', 'stash')) || existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.length > 0).length : 0;
  } catch {
    return 0; // unreadable: git status said what it could
  }
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
  return changed + untracked > 0 ? { changed, untracked, olderStashes: 0 } : undefined;
}

/** The backup's warnings for a work tree with uncommitted changes or stash entries it cannot keep. */
export function uncommittedWarnings(shown: string, u: Uncommitted): string[] {
  const parts = [u.changed > 0 && `${u.changed} changed`, u.untracked > 0 && `${u.untracked} untracked`].filter(Boolean).join(', ');
  const edits = parts && `${shown}: the work tree has uncommitted changes (${parts}) that a git source does not keep (it keeps every ref and every commit); commit them, or back the work tree up as a dir: source too`;
  const stashes = u.olderStashes > 0 && `${shown}: ${u.olderStashes} stash entr${u.olderStashes === 1 ? 'y' : 'ies'} older than the newest (stash@{1}${u.olderStashes > 1 ? ` to stash@{${u.olderStashes}}` : ''}) live only in the stash's reflog, which a git source does not keep (it keeps refs/stash, the newest); make each a branch (git stash branch NAME stash@{N}) to keep it`;
  return [edits, stashes].filter((w): w is string => !!w);
}
