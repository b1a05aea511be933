import { lstatSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { nameBytes } from '../../vault/tree.js';
import { locate, snapshotRoot } from '../../vault/browse.js';
import { Chunker } from '../../chunker/fastcdc.js';
import { treeChildren, treeEntry } from '../../sources/tree-node.js';
import { liveChildren, liveEntry } from '../../sources/dir/live-node.js';
import type { DiffEntry } from '../../sources/diff-node.js';
import { diffChildren, type Change } from '../diff/diff-entries.js';

/**
 * Reads back what a restore wrote and compares it with the snapshot: every file re-cut and
 * re-hashed with the vault's keyed chunker, every mode, mtime and symlink target. `target` is the
 * folder the restore was given. Returns the differences (none means verified).
 */
export async function verifyRestored(reader: VaultReader, snap: SnapshotInfo, path: string, target: string): Promise<Change[]> {
  const hasher = { chunker: new Chunker(reader.keys.chunkerSeed, reader.config.chunker), blobId: (b: Uint8Array) => reader.keys.blobId(b), excluded: () => false };
  const at = await locate(reader, snap.manifest, path);
  const changes: Change[] = [];
  if (at.entry && at.entry.kind !== 'dir') {
    // A restored file lands inside the target folder under its own name.
    const name = nameBytes(at.entry);
    const file = liveEntry(Buffer.concat([Buffer.from(`${target}/`), name]), name, hasher, at.entry.name);
    const wanted = new Map([['x', treeEntry(reader, at.entry)]]);
    await diffChildren(wanted, file ? new Map([['x', file]]) : new Map(), '', changes);
    return changes;
  }
  let wanted: Map<string, DiffEntry>;
  if (!at.entry) wanted = await treeChildren(reader, await snapshotRoot(reader, snap.manifest));
  else wanted = at.entry.subtree ? await treeChildren(reader, await reader.tree(at.entry.subtree)) : new Map();
  const exists = lstatSync(target, { throwIfNoEntry: false })?.isDirectory();
  await diffChildren(wanted, exists ? liveChildren(Buffer.from(target), hasher) : new Map(), '', changes);
  return changes;
}
