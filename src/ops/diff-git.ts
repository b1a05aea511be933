import { mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultReader } from '../vault/reader.js';
import type { SnapshotInfo } from '../vault/snapshot-list.js';
import { fetchOther, gitChanges, type GitChange } from '../sources/git/git-changes.js';
import { remoteRefs } from '../sources/git/verify-repo.js';
import { git } from '../sources/git/git.js';
import { gitSource } from './restore-git.js';
import { restore } from './restore.js';

/**
 * A git source against the live repository (to = undefined) or against a later snapshot: the
 * earlier side's mirror is restored into a temporary folder, the other side fetched beside it.
 */
export async function diffGit(reader: VaultReader, from: SnapshotInfo, to: SnapshotInfo | undefined, name: string): Promise<GitChange[]> {
  const before = (await gitSource(reader, from.id, name))!.manifest;
  const locator = from.manifest.sources.find((s) => s.name === name)!.locator;
  const work = mkdtempSync(join(tmpdir(), '.bulkhead-diff-'));
  try {
    const mirror = join(work, 'before.git');
    await restore({ reader, snapshot: from.id, path: name, target: mirror, dryRun: false, overwrite: false });
    if (to) {
      const later = await gitSource(reader, to.id, name);
      if (!later) return [{ type: 'repo-missing' }];
      const otherDir = join(work, 'after.git');
      await restore({ reader, snapshot: to.id, path: name, target: otherDir, dryRun: false, overwrite: false });
      await fetchOther(mirror, otherDir);
      return await gitChanges(mirror, before, { refs: later.manifest.refs, defaultBranch: later.manifest.defaultBranch });
    }
    const live = await remoteRefs(locator);
    if (!live || Object.keys(live).length === 0) return [{ type: 'repo-missing' }];
    await fetchOther(mirror, locator);
    const symref = (await git(['ls-remote', '--symref', locator, 'HEAD'])).stdout.toString();
    const defaultBranch = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(symref)?.[1] ?? null;
    return await gitChanges(mirror, before, { refs: live, defaultBranch });
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
