import type { BlobFetcher } from './blob-sink.js';
import { noChildren, type DiffEntry } from './diff-node.js';
import { nameBytes, type Tree, type TreeEntry } from '../vault/tree.js';

/**
 * A snapshot tree as diff entries, keyed by each name's exact bytes as a latin1 string (nameKey):
 * one code unit per byte, so keys compare in byte order, and a name of ASCII bytes is its own key.
 */
export async function treeChildren(fetcher: BlobFetcher, tree: Tree): Promise<Map<string, DiffEntry>> {
  const out = new Map<string, DiffEntry>();
  for (const e of tree.entries) out.set(nameKey(e), new TreeDiffEntry(fetcher, e));
  return out;
}

/** The diff key of a stored name: its bytes as latin1 (a plain ASCII name is the key itself, nothing encoded). */
export function nameKey(e: Pick<TreeEntry, 'name' | 'rawName'>): string {
  if (!e.rawName && isAsciiString(e.name)) return e.name;
  return nameBytes(e).toString('latin1');
}

export function treeEntry(fetcher: BlobFetcher, e: TreeEntry): DiffEntry {
  return new TreeDiffEntry(fetcher, e);
}

/** One entry of a snapshot tree: a class, not an object of closures (a diff holds a folder's entries at once). */
class TreeDiffEntry implements DiffEntry {
  readonly name: string;
  readonly kind: TreeEntry['kind'];
  readonly mode: number;
  readonly mtime: number;
  readonly size: number;
  readonly target?: string;
  readonly subtreeId?: string;
  readonly uid?: number;
  readonly gid?: number;

  constructor(
    private readonly fetcher: BlobFetcher,
    private readonly e: TreeEntry,
  ) {
    this.name = e.name;
    this.kind = e.kind;
    this.mode = e.mode;
    this.mtime = e.mtime;
    this.size = e.size;
    if (e.target !== undefined) this.target = e.target;
    if (e.subtree) this.subtreeId = e.subtree;
    if (e.uid !== undefined && e.gid !== undefined) [this.uid, this.gid] = [e.uid, e.gid];
  }

  async blobs(): Promise<string[]> {
    return this.e.blobs ?? [];
  }

  async children(): Promise<Map<string, DiffEntry>> {
    return this.e.subtree ? treeChildren(this.fetcher, await this.fetcher.tree(this.e.subtree)) : noChildren();
  }
}

function isAsciiString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
