import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { fetchOther, gitChanges, type GitChange } from '../../sources/git/git-changes.js';
import { requireSafeGitRemote } from '../../sources/git/safe-remote.js';
import { remoteHead, remoteRefs } from '../../sources/git/verify-repo.js';
import { gitSource, requireGitSource, withMirror } from '../restore/git-mirror.js';

/**
 * A git source against the live repository (to = undefined) or against a later snapshot: the
 * earlier side's mirror is restored into a temporary folder, the other side fetched beside it.
 */
export async function diffGit(reader: VaultReader, from: SnapshotInfo, to: SnapshotInfo | undefined, name: string): Promise<GitChange[]> {
  const earlier = await requireGitSource(reader, from.id, name);
  const later = to ? await gitSource(reader, to.id, name) : undefined;
  if (to && !later) return [{ type: 'repo-missing' }];
  return withMirror(reader, earlier, async (mirror) => {
    if (later) {
      await withMirror(reader, later, (other) => fetchOther(mirror, other));
      return gitChanges(mirror, earlier.manifest, { refs: later.manifest.refs, defaultBranch: later.manifest.defaultBranch, pipelines: later.manifest.pipelines });
    }
    const locator = earlier.source.locator;
    requireSafeGitRemote(locator);
    const live = await remoteRefs(locator);
    if (!live || Object.keys(live).length === 0) return [{ type: 'repo-missing' }];
    await fetchOther(mirror, locator);
    return gitChanges(mirror, earlier.manifest, { refs: live, defaultBranch: await remoteHead(locator) });
  });
}
