import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { fetchOther, gitChanges, movedRefs, type GitChange, type OtherSide } from '../../sources/git/git-changes.js';
import { requireSafeGitRemote } from '../../sources/git/safe-remote.js';
import { remoteState } from '../../sources/git/verify-repo.js';
import { gitSource, requireGitSource, withMirror } from '../restore/git-mirror.js';

/**
 * A git source against the live repository (to = undefined) or against a later snapshot: the ref
 * maps say what was deleted, created or moved; only when a ref moved is the earlier side's mirror
 * restored into a temporary folder and the moved refs fetched beside it (ancestry, pipelines).
 */
export async function diffGit(reader: VaultReader, from: SnapshotInfo, to: SnapshotInfo | undefined, name: string): Promise<GitChange[]> {
  const earlier = await requireGitSource(reader, from.id, name);
  const later = to ? await gitSource(reader, to.id, name) : undefined;
  if (to && !later) return [{ type: 'repo-missing' }];
  const locator = earlier.source.locator;
  let other: OtherSide;
  if (later) other = { refs: later.manifest.refs, defaultBranch: later.manifest.defaultBranch, pipelines: later.manifest.pipelines };
  else {
    requireSafeGitRemote(locator);
    const live = await remoteState(locator);
    if (!live || Object.keys(live.refs).length === 0) return [{ type: 'repo-missing' }];
    other = { refs: live.refs, defaultBranch: live.head };
  }
  const moved = movedRefs(earlier.manifest.refs, other.refs);
  if (moved.length === 0) return gitChanges(undefined, earlier.manifest, other);
  return withMirror(reader, earlier, async (mirror) => {
    await (later ? withMirror(reader, later, (copy) => fetchOther(mirror, copy, moved)) : fetchOther(mirror, locator, moved));
    return gitChanges(mirror, earlier.manifest, other);
  });
}
