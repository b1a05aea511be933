import { snapshotFor } from '../snapshot-ref.js';
import type { VaultReader } from '../../vault/reader.js';
import { childrenOf, locate } from '../../vault/browse.js';
import type { TreeEntry } from '../../vault/tree.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { gitSource } from '../restore/git-mirror.js';
import { browseRows, type BrowseRow } from './browse-rows.js';

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
  /**
   * Below a git source (`REPO/refs`, `REPO/refs/REF/PATH`, `REPO/files/PATH`, `REPO/pipelines`): the
   * console's rows for that place, never the mirror's own files (HEAD, objects/, refs/ of the bare copy).
   */
  rows?: BrowseRow[];
  /** Sources of the listing whose backup failed in this snapshot (all of them at the root). */
  failed?: { name: string; reason: string; keptData: boolean }[];
}

/** The entries at a path of a snapshot: the sources at its root, a directory's children, or one file. */
export async function listPath(reader: VaultReader, snapshot: string, path: string): Promise<Listing> {
  const snap = await snapshotFor(reader, snapshot);
  const top = path.split('/').find((p) => p !== '' && p !== '.');
  const failed = snap.manifest.sources
    .filter((s) => s.failed && (top === undefined || s.name === top))
    .map((s) => ({ name: s.name, reason: s.failed!.reason, keptData: !!s.manifest }));
  const also = failed.length > 0 ? { failed } : {};
  const repo = top !== undefined ? await gitSource(reader, snap.id, top) : undefined;
  if (repo && !path.includes('/')) return { snapshot: snap.id, time: snap.time, path, entries: [], git: repo.manifest, ...also };
  if (repo) return { snapshot: snap.id, time: snap.time, path, entries: [], rows: (await browseRows(reader, snap.id, path)).rows, ...also };
  if (top !== undefined && failed.some((f) => !f.keptData)) return { snapshot: snap.id, time: snap.time, path, entries: [], ...also };
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
    ...also,
  };
}
