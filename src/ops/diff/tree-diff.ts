import { realpathSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import { Chunker } from '../../chunker/fastcdc.js';
import { treeChildren } from '../../sources/tree-node.js';
import { liveChildren } from '../../sources/dir/live-node.js';
import type { LiveStatCache } from '../../sources/dir/live-stat-cache.js';
import { liveStatCache } from './live-cache.js';
import { excludeMatcher, excludesProblem } from '../../sources/dir/exclude-globs.js';
import type { DiffEntry } from '../../sources/diff-node.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { refuseTreeBomb } from '../inspect/tree-bomb.js';
import { snapshotCounter } from '../inspect/snapshot-counts.js';
import { isBulkheadError } from '../../util/errors.js';
import { kernelFsAt } from '../../util/kernel-fs.js';
import { diffChildren, type Change } from './diff-entries.js';
import type { DiffOutcome } from './source-diff.js';
import type { DiffSides } from '../kinds/kind-ops.js';

/**
 * A source as the tree of files the snapshot holds, against the same source in a later snapshot,
 * or (no later snapshot, and `live`) against the folder it was backed up from on this machine.
 * `timeless`: the times are when the output was captured (a stream), not a property of it: the
 * same output captured twice is no change.
 */
export async function diffTree({ reader, a, b, name, sa, sb }: DiffSides, { live, timeless = false }: { live: boolean; timeless?: boolean }): Promise<DiffOutcome> {
  if (!b && !live) return { status: 'not-comparable', note: `a ${sa!.kind} source has no live state to compare with`, changes: [] };
  // The excludes are the writer's word: ones a backup would refuse (exclude-globs.ts) may cost this machine unbounded time.
  const refused = b ? undefined : excludesProblem(sa!.excludes ?? []);
  if (refused) return { status: 'not-comparable', note: `the snapshot's ${refused}; the live folder was not compared`, changes: [] };
  const bomb = await treeBomb(reader, [sa && { tree: sa.root, path: name, snap: a.id }, sb && b && { tree: sb.root, path: name, snap: b.id }]);
  if (bomb) return { status: 'not-comparable', note: bomb, changes: [] }; // a forged tree bomb: said in the note, never walked
  let note: string | undefined;
  const before = sa ? await children(reader, sa) : new Map<string, DiffEntry>();
  let after: Map<string, DiffEntry>;
  let cache: LiveStatCache | undefined;
  if (b) after = sb ? await children(reader, sb) : new Map();
  else {
    // The folder is the snapshot's word: /proc or /sys would be the kernel's state, read without end.
    // Walked as the folder it resolves to: /proc/self/root is `/` on a device of proc's (red team 6).
    const real = realFolder(sa!.locator);
    const kernel = kernelFsAt(real);
    if (kernel) return { status: 'not-comparable', note: `the live folder ${sa!.locator} is on a ${kernel} file system of the kernel, not a disk: it was not compared`, changes: [] };
    cache = await liveStatCache(reader, Buffer.from(sa!.locator));
    const found = liveSide(reader, real, sa!.excludes ?? [], cache, await liveMost(reader, sa!));
    if (!found) note = `the live folder ${sa!.locator} does not exist`;
    after = found ?? new Map();
  }
  const changes: Change[] = [];
  await diffChildren(before, after, '', changes);
  await cache?.save();
  return { status: !sa ? 'added' : b && !sb ? 'removed' : 'compared', ...(note && { note }), changes: timeless ? withoutTimes(changes) : changes };
}

function withoutTimes(changes: Change[]): Change[] {
  const fields = (c: Change) => c.fields?.filter((f) => f !== 'mtime');
  return changes.filter((c) => c.type !== 'changed' || fields(c)!.length > 0).map((c) => (c.fields ? { ...c, fields: fields(c) } : c));
}

/** Why a side's trees expand past any real folder (tree-bomb.ts), or undefined: such a source is not compared. */
async function treeBomb(reader: VaultReader, sides: (false | undefined | { tree: string; path: string; snap: string })[]): Promise<string | undefined> {
  for (const side of sides) {
    if (!side) continue;
    try {
      await refuseTreeBomb(reader, [side], side.snap, 'it was not compared');
    } catch (e) {
      if (!isBulkheadError(e, 'CORRUPT')) throw e;
      return e.message;
    }
  }
  return undefined;
}

async function children(reader: VaultReader, s: SourceRecord): Promise<Map<string, DiffEntry>> {
  return treeChildren(reader, await reader.tree(s.root));
}

/** The folder a path resolves to (symlinks and /proc's magic links followed), or the path when it does not exist. */
function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * How many live entries a diff walks: the snapshot's and a million more. A folder that grew past that
 * since is no folder the snapshot is a backup of, and a forged `/` would list the whole disk. The
 * snapshot's count is its writer's word too (a tree that repeats one folder claims millions for a
 * few bytes): counted up to LIVE_FROM_SNAPSHOT_MOST, so no diff holds more than 5 million changes.
 */
async function liveMost(reader: VaultReader, s: SourceRecord): Promise<number> {
  const counts = await snapshotCounter(reader).tree(s.root).catch(() => undefined);
  return Math.min(counts ? counts.files + counts.dirs : 0, LIVE_FROM_SNAPSHOT_MOST) + LIVE_MORE_MOST;
}

const LIVE_MORE_MOST = 1_000_000;
const LIVE_FROM_SNAPSHOT_MOST = 4_000_000;

function liveSide(reader: VaultReader, path: string, excludes: string[], cache: LiveStatCache, most: number): Map<string, DiffEntry> | undefined {
  const hasher = {
    chunker: new Chunker(reader.keys.chunkerSeed, reader.config.chunker),
    blobId: (b: Uint8Array) => reader.keys.blobId(b),
    excluded: excludeMatcher(excludes),
  };
  try {
    return liveChildren(Buffer.from(path), hasher, cache, most);
  } catch (e) {
    if (isBulkheadError(e)) throw e; // past the ceiling: said, not "does not exist"
    return undefined;
  }
}
