import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CatFile } from './cat-file.js';
import { git } from './git.js';
import { lfsPointers } from './lfs-scan.js';
import type { LfsScanState } from './mirror-state.js';

async function lfsInstalled(): Promise<boolean> {
  return (await git(['lfs', 'version'], { okCodes: [1, 128, 129] }).catch(() => ({ code: 1 }))).code === 0;
}

const objectPath = (gitDir: string, oid: string) => join(gitDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);

/**
 * Fetches into the mirror (lfs/objects/…) every LFS object that a pointer anywhere in any ref's
 * history names, so the mirror's files carry them into the vault. Pointers are found in the objects
 * new since the last scan; git-lfs runs only when an object is missing. Returns the scan state to
 * keep, and a warning when objects could not be fetched (git-lfs missing, or the server lacks them).
 */
export interface LfsFetch {
  state: LfsScanState;
  warning?: string;
  /** git-lfs ran: the mirror's lfs/ folder may have changed. */
  fetched?: boolean;
}

/** `found`: the pointers in the history of every ref, when the caller has them already (undefined: this scans). */
export async function fetchLfs(gitDir: string, objects: CatFile, refs: Record<string, string>, state: LfsScanState | undefined, found?: Promise<string[] | undefined>): Promise<LfsFetch> {
  const tips = [...new Set(Object.values(refs))].sort();
  const scanned = new Set(state?.scanned ?? []);
  const known = new Set(state?.oids ?? []);
  if (tips.some((t) => !scanned.has(t))) for (const oid of (await found) ?? (await lfsPointers(gitDir, objects, tips, [...scanned]))) known.add(oid);
  const next = { scanned: tips, oids: [...known].sort() };
  const missing = () => next.oids.filter((oid) => !existsSync(objectPath(gitDir, oid)));
  if (missing().length === 0) return { state: next };
  if (!(await lfsInstalled())) return { state: next, warning: `the repository uses Git LFS but git-lfs is not installed; ${missing().length} LFS object(s) were not backed up (apt-get install git-lfs)` };
  const r = await git(['lfs', 'fetch', '--all', 'origin'], { gitDir, okCodes: [1, 2] });
  const left = missing().length;
  if (left === 0) return { state: next, fetched: true };
  const why = r.code !== 0 ? ' (git lfs fetch failed)' : '';
  return { state: next, fetched: true, warning: `${left} of ${next.oids.length} LFS object(s) named in the history could not be fetched${why}; they are not in this backup` };
}

export function lfsObjectCount(gitDir: string): number {
  const dir = join(gitDir, 'lfs', 'objects');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** Before a mirror push: the LFS objects go first, as git's pre-push hook would send them. */
export async function pushLfs(gitDir: string, target: string): Promise<void> {
  if (lfsObjectCount(gitDir) > 0) await git(['lfs', 'push', '--all', target], { gitDir });
}
