import { snapshotFor } from './snapshot-ref.js';
import type { VaultReader } from '../vault/reader.js';
import { childrenOf, locate } from '../vault/browse.js';
import type { TreeEntry } from '../vault/tree.js';
import type { GitManifest } from '../sources/git/manifest.js';
import { gitSource } from './git-mirror.js';

export interface ListedEntry {
  name: string;
  kind: TreeEntry['kind'];
  mode: number;
  mtime: string;
  size: number;
  target?: string;
}

export interface Listing {
  snapshot: string;
  time: string;
  path: string;
  entries: ListedEntry[];
  /** For a git source: its refs, default branch, pipelines and files at the default branch. */
  git?: GitManifest;
}

/** The entries at a path of a snapshot: the sources at its root, a directory's children, or one file. */
export async function listPath(reader: VaultReader, snapshot: string, path: string): Promise<Listing> {
  const snap = await snapshotFor(reader, snapshot);
  const repo = path && !path.includes('/') ? await gitSource(reader, snap.id, path) : undefined;
  if (repo) return { snapshot: snap.id, time: snap.time, path, entries: [], git: repo.manifest };
  const at = await locate(reader, snap.manifest, path);
  const entries = at.entry && at.entry.kind !== 'dir' ? [at.entry] : await childrenOf(reader, snap.manifest, at);
  return {
    snapshot: snap.id,
    time: snap.time,
    path: at.path.join('/'),
    entries: entries.map((e) => ({
      name: e.name,
      kind: e.kind,
      mode: e.mode,
      mtime: new Date(Math.floor(e.mtime / 1000)).toISOString(),
      size: e.size,
      ...(e.target !== undefined && { target: e.target }),
    })),
  };
}
