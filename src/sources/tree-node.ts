import type { BlobFetcher } from './blob-sink.js';
import { noChildren, type DiffEntry } from './diff-node.js';
import { nameBytes, type Tree, type TreeEntry } from '../vault/tree.js';

/** A snapshot tree as diff entries, keyed by the hex of each name's exact bytes. */
export async function treeChildren(fetcher: BlobFetcher, tree: Tree): Promise<Map<string, DiffEntry>> {
  return new Map(tree.entries.map((e) => [nameBytes(e).toString('hex'), treeEntry(fetcher, e)]));
}

export function treeEntry(fetcher: BlobFetcher, e: TreeEntry): DiffEntry {
  return {
    name: e.name,
    kind: e.kind,
    mode: e.mode,
    mtime: e.mtime,
    size: e.size,
    ...(e.target !== undefined && { target: e.target }),
    ...(e.subtree && { subtreeId: e.subtree }),
    blobs: async () => e.blobs ?? [],
    children: e.subtree ? async () => treeChildren(fetcher, await fetcher.tree(e.subtree!)) : noChildren,
  };
}
