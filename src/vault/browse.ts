import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { screenSources, type ListedManifest } from './snapshot.js';
import { screenEntries, type ReadTree, type Refused, type TreeEntry } from './tree.js';

export interface TreeFetcher {
  tree(id: string): Promise<ReadTree>;
}

/**
 * A snapshot seen as one tree: each source is a top-level entry named after it. A dir source is a
 * directory; a stream source is the one file its tree holds. Sources are screened like a tree's
 * entries (a forged source name such as "../x" is refused); a stream whose tree cannot be read is
 * refused too, so the other sources stay reachable.
 */
export async function snapshotRoot(fetcher: TreeFetcher, manifest: ListedManifest): Promise<ReadTree> {
  const entries: TreeEntry[] = [];
  const { sources, refused } = screenSources(manifest);
  const unreadable: Refused[] = [...refused];
  for (const s of sources) {
    if (s.kind === 'stream') {
      const read = await fetcher.tree(s.root).catch((e: unknown) => {
        if (!isBulkheadError(e)) throw e;
        unreadable.push({ name: s.name, reason: e.message });
      });
      const only = read?.entries[0];
      if (only) entries.push(only);
      for (const r of read?.refused ?? []) unreadable.push({ name: s.name, reason: `its entry ${JSON.stringify(r.name)}: ${r.reason}` });
    } else {
      const mtime = s.mtime ?? new Date(manifest.time).getTime() * 1000;
      entries.push({ name: s.name, kind: 'dir', mode: s.mode ?? 0o755, mtime, size: 0, subtree: s.root, ...(s.uid !== undefined && { uid: s.uid }), ...(s.gid !== undefined && { gid: s.gid }) });
    }
  }
  const screened = screenEntries(entries); // a stream's entry could still collide with another source
  return { entries: screened.entries, refused: [...unreadable, ...screened.refused] };
}

export interface Located {
  /** undefined for the snapshot root itself */
  entry?: TreeEntry;
  path: string[];
}

/** Follows NAME/PATH from the snapshot root; a missing step is a clear NOT_FOUND. */
export async function locate(fetcher: TreeFetcher, manifest: ListedManifest, path: string): Promise<Located> {
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
export async function childrenOf(fetcher: TreeFetcher, manifest: ListedManifest, at: Located): Promise<TreeEntry[]> {
  if (!at.entry) return (await snapshotRoot(fetcher, manifest)).entries;
  if (at.entry.kind === 'dir' && at.entry.subtree) return (await fetcher.tree(at.entry.subtree)).entries;
  return [];
}

/**
 * Depth-first walk; visit gets the path (names joined by "/") of every entry below the tree. With
 * skipped, a refused entry or a subtree that cannot be read is reported there and the walk goes on.
 * With once, each distinct subtree is entered once (at its first path): trees are content-addressed,
 * so a forged chain of trees each naming the next twice would otherwise be 2^depth paths.
 */
export async function walk(
  fetcher: TreeFetcher,
  tree: ReadTree,
  visit: (path: string, entry: TreeEntry) => void | Promise<void>,
  skipped?: (path: string, reason: string, why: 'refused' | 'unreadable') => void,
  prefix = '',
  once?: Set<string>,
): Promise<void> {
  const at = (name: string) => (prefix ? `${prefix}/${name}` : name);
  for (const r of tree.refused) skipped?.(at(r.name), r.reason, 'refused');
  for (const e of tree.entries) {
    const path = at(e.name);
    await visit(path, e);
    if (e.kind !== 'dir' || !e.subtree) continue;
    if (once?.has(e.subtree)) continue;
    once?.add(e.subtree);
    const sub = await fetcher.tree(e.subtree).catch((err: unknown) => {
      if (!skipped || !isBulkheadError(err)) throw err;
      skipped(path, err.message, 'unreadable');
    });
    if (sub) await walk(fetcher, sub, visit, skipped, path, once);
  }
}
