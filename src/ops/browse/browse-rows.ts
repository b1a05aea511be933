import type { SourceRecord } from '../../vault/snapshot.js';
import { sourceType } from '../../sources/registry.js';
import { snapshotFor } from '../snapshot-ref.js';
import type { VaultReader } from '../../vault/reader.js';
import { type SnapshotInfo } from '../../vault/snapshot-list.js';
import { childrenOf, locate } from '../../vault/browse.js';
import type { GitManifest } from '../../sources/git/manifest.js';
import { pipelinesOf } from '../../sources/git/pipeline-schema.js';
import { BulkheadError } from '../../util/errors.js';
import { oneLine } from '../../util/terminal-text.js';
import { gitSource } from '../restore/git-mirror.js';
import { holdsNothing } from '../backup/failed-sources.js';
import { counted } from '../../util/counted.js';
import { refAt, refTree } from './ref-tree.js';
import { FolderRows, type BrowseRow } from './folder-rows.js';

export type { BrowseRow };

/**
 * A snapshot as a browsable tree: its sources at the top; a dir or stream source as its files; a
 * git source as `refs`, `pipelines` and `files` (the default branch's files, from the manifest);
 * a ref as the files of its commit (`REPO/refs/REF/PATH`, listed from the snapshot's mirror).
 */
export async function browseListing(reader: VaultReader, snapshot: string, path: string): Promise<FolderRows> {
  const snap = await snapshotFor(reader, snapshot);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return FolderRows.of(snap, sourceRows(snap));
  const repo = await gitSource(reader, snap.id, parts[0]!);
  const at = repo && parts[1] === 'refs' ? refAt(repo.manifest, parts.slice(2).join('/')) : undefined;
  if (repo && at) {
    const files = (await refTree(reader, repo, at.commit)).map((f) => ({ path: f.path, mode: f.mode, size: f.size ?? 0 }));
    return FolderRows.of(snap, fileRows(files, `${parts[0]}/refs/${at.ref}`, at.path, `${parts[0]} at ${at.ref}`));
  }
  if (repo) return FolderRows.of(snap, gitRows(repo.manifest, parts[0]!, parts.slice(1)));
  const place = await locate(reader, snap.manifest, path);
  // The reader's decoded tree itself, not a copy: its rows are made a page at a time.
  const entries = place.entry && place.entry.kind !== 'dir' ? [] : await childrenOf(reader, snap.manifest, place);
  return FolderRows.ofTree(snap, entries, place.path.join('/'));
}

/** The same, every row at once (a small folder). */
export async function browseRows(reader: VaultReader, snapshot: string, path: string): Promise<{ snap: SnapshotInfo; rows: BrowseRow[] }> {
  const listing = await browseListing(reader, snapshot, path);
  return { snap: listing.snap, rows: listing.all() };
}

/** The sources: a dir or git source opens as a folder; a stream is one file (its output), previewed, not opened. */
function sourceRows(snap: SnapshotInfo): BrowseRow[] {
  const file = (s: SourceRecord) => sourceType(s.kind).opensAs === 'file';
  return snap.manifest.sources.map((s) => ({
    name: s.name,
    path: s.name,
    kind: file(s) && !holdsNothing(s) ? 'file' : 'source',
    size: s.stats.bytes,
    mtime: snap.time,
    detail: s.failed
      ? `${s.kind}: backup failed (${oneLine(s.failed.reason)})${s.manifest ? '; repository data kept' : ''}`
      : s.unread
        ? `${s.kind}: ${counted(s.unread.count, 'entry', 'entries')} could not be read at backup${s.unread.first[0] ? ` (${oneLine(s.unread.first[0].path)}: ${oneLine(s.unread.first[0].reason)}${s.unread.count > 1 ? ', …' : ''})` : ''}`
        : s.kind,
    restorable: !holdsNothing(s),
    hasChildren: !file(s) && !holdsNothing(s),
  }));
}

function gitRows(m: GitManifest, name: string, rest: string[]): BrowseRow[] {
  const section = rest[0];
  if (!section) {
    const pipelines = (pipelinesOf(m.pipelines, m.defaultBranch) ?? []).length;
    return [
      { name: 'refs', path: `${name}/refs`, kind: 'refs', size: null, mtime: null, detail: `${Object.keys(m.refs).length} refs`, restorable: false, hasChildren: true },
      { name: 'pipelines', path: `${name}/pipelines`, kind: 'pipelines', size: null, mtime: null, detail: `${pipelines} at ${m.defaultBranch ?? 'no default branch'}`, restorable: false, hasChildren: true },
      { name: 'files', path: `${name}/files`, kind: 'files', size: null, mtime: null, detail: `${m.files.length} files at ${m.defaultBranch ?? '?'}`, restorable: false, hasChildren: true },
    ];
  }
  if (section === 'refs') {
    // Every ref, or those under a prefix (refs/heads): each part of a ref's path bar leads somewhere.
    const under = rest.slice(1).join('/');
    const refs = Object.entries(m.refs).filter(([ref]) => !under || ref.startsWith(`${under}/`));
    if (refs.length === 0) throw new BulkheadError('NOT_FOUND', `${name} had no ref ${under} in this snapshot`);
    return refs
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, commit]) => ({ name: ref, path: `${name}/refs/${ref}`, kind: 'ref', size: null, mtime: null, detail: commit, restorable: true, hasChildren: true }));
  }
  if (section === 'pipelines') {
    return (pipelinesOf(m.pipelines, m.defaultBranch) ?? []).map((p) => ({
      name: p.path,
      path: `${name}/pipelines/${p.path}`,
      kind: 'pipeline',
      size: null,
      mtime: null,
      detail: `${p.system}${p.name ? `: ${p.name}` : ''}${p.valid ? '' : p.deferred ? ' (not parsed yet: past the backup\'s parse budget)' : ' (invalid YAML)'}${p.triggers.length ? ` on ${p.triggers.join(', ')}` : ''}`,
      restorable: true,
      hasChildren: false,
    }));
  }
  if (section === 'files') {
    const files = m.files.map(([path, mode, , size]) => ({ path, mode, size }));
    return fileRows(files, `${name}/files`, rest.slice(1).join('/'), `${name} at ${m.defaultBranch}`);
  }
  throw new BulkheadError('NOT_FOUND', `${name}/${section} is not part of a git source; use refs, pipelines or files`);
}

/** One level of a commit's file list (`base` is its browse path): files directly under `dir`, and sub-folders. */
function fileRows(files: { path: string; mode: string; size: number }[], base: string, dir: string, where: string): BrowseRow[] {
  const prefix = dir ? `${dir}/` : '';
  const rows = new Map<string, BrowseRow>();
  for (const { path, mode, size } of files) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const child = slash < 0 ? rest : rest.slice(0, slash);
    if (rows.has(child)) continue;
    const isDir = slash >= 0;
    rows.set(child, {
      name: child,
      path: `${base}/${prefix}${child}`,
      kind: isDir ? 'dir' : mode === '120000' ? 'symlink' : 'file',
      size: isDir || mode === '160000' ? null : size,
      mtime: null,
      detail: mode === '160000' ? 'submodule (not in this backup)' : null,
      restorable: true,
      hasChildren: isDir,
    });
  }
  if (dir && rows.size === 0) throw new BulkheadError('NOT_FOUND', `${dir} is not in ${where}`);
  return [...rows.values()].sort((a, b) => Number(b.hasChildren) - Number(a.hasChildren) || a.name.localeCompare(b.name));
}
