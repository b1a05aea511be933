import { BulkheadError } from '../util/errors.js';
import type { Manifest } from './snapshot.js';
import type { Tree, TreeEntry } from './tree.js';

export interface TreeFetcher {
  tree(id: string): Promise<Tree>;
}

/**
 * A snapshot seen as one tree: each source is a top-level entry named after it. A dir source is a
 * directory; a stream source is the one file its tree holds.
 */
export async function snapshotRoot(fetcher: TreeFetcher, manifest: Manifest): Promise<Tree> {
  const entries: TreeEntry[] = [];
  for (const s of manifest.sources) {
    if (s.kind === 'stream') {
      const only = (await fetcher.tree(s.root)).entries[0];
      if (only) entries.push(only);
    } else {
      const mtime = s.mtime ?? new Date(manifest.time).getTime() * 1000;
      entries.push({ name: s.name, kind: 'dir', mode: s.mode ?? 0o755, mtime, size: 0, subtree: s.root });
    }
  }
  return { entries };
}

export interface Located {
  /** undefined for the snapshot root itself */
  entry?: TreeEntry;
  path: string[];
}

/** Follows NAME/PATH from the snapshot root; a missing step is a clear NOT_FOUND. */
export async function locate(fetcher: TreeFetcher, manifest: Manifest, path: string): Promise<Located> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let tree = await snapshotRoot(fetcher, manifest);
  let entry: TreeEntry | undefined;
  for (let i = 0; i < parts.length; i++) {
    entry = tree.entries.find((e) => e.name === parts[i]);
    if (!entry) {
      throw new BulkheadError('NOT_FOUND', `"${parts.slice(0, i + 1).join('/')}" does not exist in snapshot ${manifest.id}`);
    }
    if (i < parts.length - 1) {
      if (entry.kind !== 'dir' || !entry.subtree) {
        throw new BulkheadError('NOT_FOUND', `"${parts.slice(0, i + 1).join('/')}" is not a directory in snapshot ${manifest.id}`);
      }
      tree = await fetcher.tree(entry.subtree);
    }
  }
  return { ...(entry && { entry }), path: parts };
}

/** Children of a located entry: the root's sources, a directory's entries, or nothing. */
export async function childrenOf(fetcher: TreeFetcher, manifest: Manifest, at: Located): Promise<TreeEntry[]> {
  if (!at.entry) return (await snapshotRoot(fetcher, manifest)).entries;
  if (at.entry.kind === 'dir' && at.entry.subtree) return (await fetcher.tree(at.entry.subtree)).entries;
  return [];
}

/** Depth-first walk; visit gets the path (names joined by "/") of every entry below the tree. */
export async function walk(
  fetcher: TreeFetcher,
  tree: Tree,
  visit: (path: string, entry: TreeEntry) => void | Promise<void>,
  prefix = '',
): Promise<void> {
  for (const e of tree.entries) {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    await visit(path, e);
    if (e.kind === 'dir' && e.subtree) await walk(fetcher, await fetcher.tree(e.subtree), visit, path);
  }
}
