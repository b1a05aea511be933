import { promises as fsp } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { snapshotCounter } from '../inspect/snapshot-counts.js';
import { formatBytes } from '../../util/bytes.js';

/** One source a drill means to restore: its name and record. */
export interface Planned {
  name: string;
  record: SourceRecord;
}

/**
 * Which sources a drill leaves out so that one cannot starve the others of the sandbox, and why.
 *
 * A source's size is its writer's word (one stored chunk named a million times is terabytes; a tree
 * of millions of empty files takes every inode), and each restore only checks that it fits the
 * space left when its turn comes: a forged giant restored first fills the sandbox and every source
 * after it fails. So the drill sizes every source first (from the trees, as the reader counts them,
 * never the writer's stats), then admits them smallest first while they fit what the sandbox has
 * free (bytes, and inodes where the file system counts them); what does not fit is a failed step
 * naming its size, and the others are restored and verified as if it were not there.
 */
export async function overBudget(reader: VaultReader, sandbox: string, planned: readonly Planned[]): Promise<Map<string, string>> {
  const counter = snapshotCounter(reader);
  const sized = await Promise.all(
    planned.map(async (p) => {
      const t = await counter.tree(p.record.root).catch(() => undefined); // unreadable: its own restore says why
      return { name: p.name, bytes: t?.bytes ?? 0, entries: t ? t.files + t.dirs : 0 };
    }),
  );
  await fsp.mkdir(sandbox, { recursive: true }); // its restores would make it anyway
  const fs = await fsp.statfs(sandbox);
  let bytesLeft = fs.bavail * fs.bsize;
  let inodesLeft = fs.files > 0 ? fs.ffree : Infinity; // 0: the file system does not count inodes (btrfs)
  const out = new Map<string, string>();
  for (const s of [...sized].sort((a, b) => a.bytes - b.bytes || a.entries - b.entries)) {
    if (s.bytes <= bytesLeft && s.entries <= inodesLeft) {
      bytesLeft -= s.bytes;
      inodesLeft -= s.entries;
      continue;
    }
    const what = s.bytes > bytesLeft ? `${formatBytes(s.bytes)}, and the sandbox has ${formatBytes(bytesLeft)} free` : `${s.entries} files and folders, and the sandbox's file system has ${inodesLeft} inodes free`;
    out.set(s.name, `its trees hold ${what} once the smaller sources are restored: not restored, so that it cannot fill the sandbox before the others (a size forged by its writer, or a sandbox too small for this drill)`);
  }
  return out;
}
