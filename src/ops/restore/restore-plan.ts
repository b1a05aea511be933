import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { locate, snapshotRoot, type Located } from '../../vault/browse.js';
import type { ReadTree, TreeEntry } from '../../vault/tree.js';
import { childPath, type FileFailure, type PlanItem } from '../../sources/dir/materialize.js';
import { readPlan } from '../../vault/read-plan.js';
import { refuseTreeBomb } from '../inspect/tree-bomb.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { emptyFailedSource, failedNote, holdsNothing, unreadUnder } from '../backup/failed-sources.js';

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
  /** Entries in scope that their source's backup could not read (permission denied): never in the snapshot. */
  unreadAtBackup: FileFailure[];
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
  packs: number;
  packBytes: number;
}

/** What a plan knows it will not write before a byte is: unreadable folders, failed sources, entries the backup could not read. */
export const plannedGaps = (p: RestorePlan): FileFailure[] => [...p.unreadable, ...p.failedSources, ...p.unreadAtBackup];

/**
 * The last plan made with each reader. The CLI and the console plan a restore (to show it, to
 * check its target) and then run it, which planned the same again (~0.3 s of the main thread on
 * the bench corpus, before a byte was written). Trees, the index and the manifest never change
 * under a reader, so the same snapshot and path plan the same; a plan that met an unreadable tree
 * is not reused (a failed read may not fail again). One per reader, until a run takes it.
 */
const lastPlans = new WeakMap<VaultReader, { key: string; plan: RestorePlan }>();

export interface PlanOptions {
  /** The run takes this plan now (it is not kept for another). */
  toRun?: boolean;
  /** A run follows at once (not a dry run, not a plan shown to wait for a click): restore workers start while the walk goes on. */
  runsNext?: boolean;
}

/** What a restore will create and read, computed from trees alone: the dry run shows exactly this. */
export async function planRestore(reader: VaultReader, snap: SnapshotInfo, path: string, opts: PlanOptions = {}): Promise<RestorePlan> {
  const key = `${snap.id}\0${path}`;
  const last = lastPlans.get(reader);
  // The run takes the plan: a session does not keep it after (tens of MB for 100k files).
  if (opts.toRun) lastPlans.delete(reader);
  if (last?.key === key) return last.plan;
  const plan = await planAnew(reader, snap, path, opts.runsNext ? (bytes) => reader.expectRestore(bytes) : undefined);
  if (opts.toRun) return plan;
  if (plan.unreadable.length === 0) lastPlans.set(reader, { key, plan });
  else lastPlans.delete(reader);
  return plan;
}

async function planAnew(reader: VaultReader, snap: SnapshotInfo, path: string, expect?: (bytes: number) => void): Promise<RestorePlan> {
  const failed = emptyFailedSource(snap.manifest, path);
  if (failed) throw new BulkheadError('SOURCE_FAILED', failedNote(failed, snap.id));
  const at: Located = await locate(reader, snap.manifest, path);
  const out: Collected = { items: [], refused: [], unreadable: [], bytes: 0, ...(expect && { expect }) };
  const failedSources: FileFailure[] = [];
  const { items } = out;
  let rootEntry: TreeEntry | undefined;
  if (!at.entry) {
    // A whole snapshot: a source whose backup failed is listed as not restored, not made an empty folder.
    const root = await snapshotRoot(reader, snap.manifest);
    const empty = new Map(snap.manifest.sources.filter(holdsNothing).map((s) => [s.name, s]));
    for (const s of empty.values()) failedSources.push({ path: s.name, reason: failedNote(s, snap.id) });
    await refuseTreeBomb(reader, snap.manifest.sources.filter((s) => !empty.has(s.name)).map((s) => ({ tree: s.root, path: s.name })), snap.id);
    await collect(reader, { ...root, entries: root.entries.filter((e) => !empty.has(e.name)) }, Buffer.alloc(0), '', out);
  } else if (at.entry.kind === 'dir' && at.entry.subtree) {
    rootEntry = at.entry;
    await refuseTreeBomb(reader, [{ tree: at.entry.subtree, path: at.path.join('/') }], snap.id);
    const tree = await reader.tree(at.entry.subtree).catch((e: unknown) => {
      throw isBulkheadError(e) ? new BulkheadError(e.code, `${at.path.join('/')}: ${e.message}`, { cause: e }) : e;
    });
    await collect(reader, tree, Buffer.alloc(0), '', out);
  } else {
    items.push({ display: at.entry.name, raw: childPath(Buffer.alloc(0), at.entry), entry: at.entry });
  }
  // What the run will read (the run itself tells the reader, in its order: write-files.ts).
  const files = items.filter((i) => i.entry.kind === 'file');
  const bytes = files.reduce((n, f) => n + f.entry.size, 0);
  const { packs, packBytes } = readPlan(reader.index, files.flatMap((f) => f.entry.blobs ?? []), !!reader.store.rangedReadsCheap);
  const count = (k: TreeEntry['kind']) => items.filter((i) => i.entry.kind === k).length;
  return {
    snapshot: snap.id,
    path: at.path.join('/'),
    ...(rootEntry && { rootEntry }),
    ...out,
    failedSources,
    unreadAtBackup: unreadUnder(snap.manifest, at.path, !at.entry || at.entry.kind === 'dir'),
    files: count('file'),
    dirs: count('dir'),
    symlinks: count('symlink'),
    bytes,
    packs,
    packBytes,
  };
}

/** Linux's PATH_MAX, less the NUL. */
const PATH_MOST = 4095;

interface Collected {
  items: PlanItem[];
  refused: FileFailure[];
  unreadable: FileFailure[];
  /** File bytes found so far, told to `expect` at each tree (restore workers start once it is enough). */
  bytes: number;
  expect?: (bytes: number) => void;
}

/**
 * Every entry below a tree, parents before children. A folder whose tree cannot be read is left
 * out (with its tree's id and why) and the walk goes on with its siblings.
 */
async function collect(reader: VaultReader, tree: ReadTree, raw: Buffer, display: string, out: Collected): Promise<void> {
  const at = (name: string) => (display ? `${display}/${name}` : name);
  out.expect?.(out.bytes);
  for (const r of tree.refused) out.refused.push({ path: at(r.name), reason: r.reason });
  for (const e of tree.entries) {
    const item = { display: at(e.name), raw: childPath(raw, e), entry: e };
    // No file system here creates a longer path; and a forged chain of folders thousands deep would
    // otherwise cost memory in the square of its depth (every item holds its whole path).
    if (item.raw.length > PATH_MOST) {
      out.refused.push({ path: `${item.display.slice(0, 120)}…`, reason: `its path is longer than ${PATH_MOST} bytes, more than any file system here can create; nothing below it is restored` });
      continue;
    }
    if (e.kind !== 'dir' || !e.subtree) {
      out.items.push(item);
      if (e.kind === 'file') out.bytes += e.size;
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
