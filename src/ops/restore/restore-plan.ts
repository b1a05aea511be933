import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { locate, snapshotRoot, type Located } from '../../vault/browse.js';
import type { ReadTree, TreeEntry } from '../../vault/tree.js';
import { childPath, type FileFailure, type PlanItem } from '../../sources/dir/materialize.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { emptyFailedSource, failedNote, holdsNothing } from '../backup/failed-sources.js';

export interface RestorePlan {
  snapshot: string;
  path: string;
  /** The directory entry the target becomes (its mode and mtime), when a directory is restored. */
  rootEntry?: TreeEntry;
  items: PlanItem[];
  /** Entries left out because their names could escape or collide (a forged tree or manifest). */
  refused: FileFailure[];
  /** Folders left out because their tree cannot be read (its id and why). */
  unreadable: FileFailure[];
  /** Sources of a whole-snapshot restore whose backup failed and that hold nothing: left out, named. */
  failedSources: FileFailure[];
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
  packs: number;
  packBytes: number;
}

/** What a restore will create and read, computed from trees alone: the dry run shows exactly this. */
export async function planRestore(reader: VaultReader, snap: SnapshotInfo, path: string): Promise<RestorePlan> {
  const failed = emptyFailedSource(snap.manifest, path);
  if (failed) throw new BulkheadError('SOURCE_FAILED', failedNote(failed, snap.id));
  const at: Located = await locate(reader, snap.manifest, path);
  const out: Collected = { items: [], refused: [], unreadable: [] };
  const failedSources: FileFailure[] = [];
  const { items } = out;
  let rootEntry: TreeEntry | undefined;
  if (!at.entry) {
    // A whole snapshot: a source whose backup failed is listed as not restored, not made an empty folder.
    const root = await snapshotRoot(reader, snap.manifest);
    const empty = new Map(snap.manifest.sources.filter(holdsNothing).map((s) => [s.name, s]));
    for (const s of empty.values()) failedSources.push({ path: s.name, reason: failedNote(s, snap.id) });
    await collect(reader, { ...root, entries: root.entries.filter((e) => !empty.has(e.name)) }, Buffer.alloc(0), '', out);
  } else if (at.entry.kind === 'dir' && at.entry.subtree) {
    rootEntry = at.entry;
    const tree = await reader.tree(at.entry.subtree).catch((e: unknown) => {
      throw isBulkheadError(e) ? new BulkheadError(e.code, `${at.path.join('/')}: ${e.message}`, { cause: e }) : e;
    });
    await collect(reader, tree, Buffer.alloc(0), '', out);
  } else {
    items.push({ display: at.entry.name, raw: childPath(Buffer.alloc(0), at.entry), entry: at.entry });
  }
  const needed = new Map<string, { bytes: number; reads: number }>();
  let bytes = 0;
  for (const { entry } of items) {
    if (entry.kind !== 'file') continue;
    bytes += entry.size;
    for (const id of entry.blobs ?? []) {
      const loc = reader.index.get(id);
      if (!loc) continue;
      const n = needed.get(loc.pack) ?? { bytes: 0, reads: 0 };
      needed.set(loc.pack, { bytes: n.bytes + loc.length, reads: n.reads + 1 });
    }
  }
  let packBytes = 0;
  const whole: [string, number][] = [];
  // A pack is read in one piece when the restore needs enough of it: a quarter over S3 (a request
  // costs more than bytes), three quarters from a local file (a blob is one pread, and reading a
  // shared pack whole for a few of its blobs costs memory and copies).
  const wholeShare = reader.store.rangedReadsCheap ? 0.75 : 0.25;
  for (const [pack, { bytes: n, reads }] of needed) {
    const size = reader.index.packs.get(pack)?.size ?? n;
    const readWhole = n >= size * wholeShare;
    if (readWhole) whole.push([pack, reads]);
    packBytes += readWhole ? size : n;
  }
  reader.packs.preferWhole(whole);
  const count = (k: TreeEntry['kind']) => items.filter((i) => i.entry.kind === k).length;
  return {
    snapshot: snap.id,
    path: at.path.join('/'),
    ...(rootEntry && { rootEntry }),
    ...out,
    failedSources,
    files: count('file'),
    dirs: count('dir'),
    symlinks: count('symlink'),
    bytes,
    packs: needed.size,
    packBytes,
  };
}

interface Collected {
  items: PlanItem[];
  refused: FileFailure[];
  unreadable: FileFailure[];
}

/**
 * Every entry below a tree, parents before children. A folder whose tree cannot be read is left
 * out (with its tree's id and why) and the walk goes on with its siblings.
 */
async function collect(reader: VaultReader, tree: ReadTree, raw: Buffer, display: string, out: Collected): Promise<void> {
  const at = (name: string) => (display ? `${display}/${name}` : name);
  for (const r of tree.refused) out.refused.push({ path: at(r.name), reason: r.reason });
  for (const e of tree.entries) {
    const item = { display: at(e.name), raw: childPath(raw, e), entry: e };
    if (e.kind !== 'dir' || !e.subtree) {
      out.items.push(item);
      continue;
    }
    const sub = await reader.tree(e.subtree).catch((err: unknown) => {
      if (!isBulkheadError(err)) throw err;
      out.unreadable.push({ path: item.display, reason: err.message });
    });
    if (!sub) continue;
    out.items.push(item);
    await collect(reader, sub, item.raw, item.display, out);
  }
}
