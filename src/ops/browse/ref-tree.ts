import type { VaultReader } from '../../vault/reader.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { git } from '../../sources/git/git.js';
import { BulkheadError } from '../../util/errors.js';
import { withMirror, type GitSnapshotSource } from '../restore/git-mirror.js';
import { parseLsTree, type GitListed } from './git-listing.js';

/**
 * `REPO/refs/REF/PATH` names PATH in the tree of REF's commit. Ref names hold slashes, so the ref is
 * the longest of the snapshot's refs that the rest starts with (git itself refuses a ref that is a
 * folder of another, so there is one); path is '' for the ref itself.
 */
export function refAt(m: GitManifest, rest: string): { ref: string; commit: string; path: string } | undefined {
  let best: string | undefined;
  for (const ref of Object.keys(m.refs)) {
    if ((rest === ref || rest.startsWith(`${ref}/`)) && ref.length > (best?.length ?? -1)) best = ref;
  }
  return best === undefined ? undefined : { ref: best, commit: m.refs[best]!, path: rest.slice(best.length + 1) };
}

const KEPT = 4;
const trees = new Map<string, GitListed[]>();

/** Forgets the trees listed so far (the console's lock: what the key read goes with it). */
export function forgetRefTrees(): void {
  trees.clear();
}

/**
 * Every file of a commit's tree with its size (`git ls-tree -r -l` in the snapshot's mirror). Trees
 * are content-addressed: the last few listed are kept, so browsing folder by folder restores the
 * mirror once.
 */
export async function refTree(reader: VaultReader, found: GitSnapshotSource, commit: string): Promise<GitListed[]> {
  const key = `${found.snap.id}\0${found.source.name}\0${commit}`;
  let listed = trees.get(key);
  if (!listed) {
    listed = await withMirror(reader, found, async (mirror) => {
      const out = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', commit], { gitDir: mirror, okCodes: [128] });
      if (out.code !== 0) throw new BulkheadError('NOT_FOUND', `the mirror of ${found.source.name} has no tree for ${commit}`);
      return parseLsTree(out.stdout);
    });
  }
  trees.delete(key);
  trees.set(key, listed); // most recently used last
  if (trees.size > KEPT) trees.delete(trees.keys().next().value!);
  return listed;
}

/** The bytes of one blob of the snapshot's mirror. */
export async function mirrorBlob(reader: VaultReader, found: GitSnapshotSource, oid: string): Promise<Buffer> {
  return withMirror(reader, found, async (mirror) => (await git(['cat-file', 'blob', oid], { gitDir: mirror })).stdout);
}
