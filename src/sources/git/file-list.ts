import type { CatFile } from './cat-file.js';
import { git } from './git.js';
import type { TreeReader } from './git-tree.js';

/** [path, mode, blob id, size]: a manifest's file list (a submodule: mode 160000, its pinned commit, 0). */
export type ListedFile = [string, string, string, number];

/**
 * The files at a commit, as `git ls-tree -r -l` lists them, read through the backup's cat-file
 * process: the trees (which the pipeline scan has mostly read already) and each blob's size, no
 * content. Anything but a commit (a branch naming a tag, say) is left to ls-tree itself.
 */
export async function filesAt(trees: TreeReader, objects: CatFile, tip: string): Promise<ListedFile[]> {
  const [root] = await trees.rootTrees([tip]);
  // A tip the repository lacks (an incomplete one, which the backup names) has no files to list.
  if (!root) return (await objects.infoMany([tip]))[0] ? lsTreeFiles(objects.gitDir, tip) : [];
  await trees.load([root]);
  const found = trees.files(root);
  const blobs = found.filter(([, mode]) => mode !== '160000');
  const info = await objects.infoMany(blobs.map(([, , oid]) => oid));
  const sizes = new Map(blobs.map(([, , oid], k) => [oid, info[k]?.size ?? 0]));
  return found.map(([path, mode, oid]) => [path, mode, oid, sizes.get(oid) ?? 0]);
}

async function lsTreeFiles(gitDir: string, rev: string): Promise<ListedFile[]> {
  const out = await git(['ls-tree', '-r', '-z', '-l', rev], { gitDir });
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((row) => {
      const tab = row.indexOf('\t');
      const [mode, , oid, size] = row.slice(0, tab).split(/\s+/) as [string, string, string, string?];
      const n = Number(size);
      return [row.slice(tab + 1), mode, oid, Number.isSafeInteger(n) ? n : 0];
    });
}
