import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git.js';

/** True when the default branch declares LFS-tracked paths. */
export async function usesLfs(gitDir: string): Promise<boolean> {
  const r = await git(['cat-file', 'blob', 'HEAD:.gitattributes'], { gitDir, okCodes: [128] });
  return r.code === 0 && /filter=lfs/.test(r.stdout.toString());
}

async function lfsInstalled(): Promise<boolean> {
  return (await git(['lfs', 'version'], { okCodes: [1, 128, 129] }).catch(() => ({ code: 1 }))).code === 0;
}

/**
 * Fetches every LFS object any ref points to into the mirror (lfs/objects/…), so the mirror's files
 * carry them into the vault. Returns a warning when the repo needs LFS and git-lfs is missing.
 */
export async function fetchLfs(gitDir: string): Promise<string | undefined> {
  if (!(await usesLfs(gitDir))) return undefined;
  if (!(await lfsInstalled())) return `${gitDir}: the repository uses Git LFS but git-lfs is not installed; LFS objects were not backed up (apt-get install git-lfs)`;
  await git(['lfs', 'fetch', '--all', 'origin'], { gitDir });
  return undefined;
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
