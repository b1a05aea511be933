import { chmodSync, closeSync, fchmodSync, futimesSync, lutimesSync, mkdirSync, openSync, symlinkSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import type { BlobFetcher } from '../blob-sink.js';
import { nameBytes, type TreeEntry } from '../../vault/tree.js';
import { isBulkheadError } from '../../util/errors.js';
import { Lanes } from '../../util/lanes.js';
import type { ProgressSink } from '../../util/progress.js';

/** One thing to create, at a path relative to the restore root (exact bytes and display form). */
export interface PlanItem {
  display: string;
  raw: Buffer;
  entry: TreeEntry;
}

export interface FileFailure {
  path: string;
  reason: string;
}

const SLASH = Buffer.from('/');

export function childPath(parent: Buffer, e: TreeEntry): Buffer {
  return parent.length === 0 ? nameBytes(e) : Buffer.concat([parent, SLASH, nameBytes(e)]);
}

/**
 * Creates the planned entries under root: directories first (owner-writable while filling), files
 * in parallel lanes with every blob verified, symlinks, then modes and mtimes bottom-up. A file
 * whose data fails verification is removed and reported; the others are restored in full.
 * File system calls are synchronous: for tens of thousands of small files a thread-pool round trip
 * per call costs more than the call itself (PERFORMANCE.md); the lanes overlap pack reads.
 */
export async function materialize(
  root: string,
  items: readonly PlanItem[],
  fetcher: BlobFetcher,
  progress: ProgressSink,
): Promise<FileFailure[]> {
  const base = Buffer.from(root);
  const at = (raw: Buffer) => Buffer.concat([base, SLASH, raw]);
  const failures: FileFailure[] = [];
  const dirs = items.filter((i) => i.entry.kind === 'dir');
  for (const d of dirs) mkdirSync(at(d.raw), { mode: 0o700 });
  const lanes = new Lanes(4);
  let done = 0;
  for (const item of items) {
    if (item.entry.kind !== 'file') continue;
    await lanes.run(async () => {
      const failure = await writeFile(at(item.raw), item, fetcher);
      if (failure) failures.push(failure);
      done += item.entry.size;
      progress({ phase: 'restore', done, unit: 'bytes', detail: item.display });
    });
  }
  await lanes.drain();
  for (const item of items) {
    if (item.entry.kind !== 'symlink') continue;
    const target = item.entry.rawTarget ? Buffer.from(item.entry.rawTarget, 'base64') : Buffer.from(item.entry.target ?? '');
    symlinkSync(target, at(item.raw));
    lutimesSync(at(item.raw), seconds(item.entry), seconds(item.entry));
  }
  for (const d of [...dirs].reverse()) applyMeta(at(d.raw), d.entry);
  return failures;
}

async function writeFile(path: Buffer, item: PlanItem, fetcher: BlobFetcher): Promise<FileFailure | undefined> {
  const blobs = item.entry.blobs ?? [];
  // Fetch (and verify) the first blob before creating the file: a one-blob file that fails
  // verification never exists, even briefly.
  const first = blobs.length > 0 ? await fetcher.blob(blobs[0]!).catch((e: unknown) => e) : Buffer.alloc(0);
  if (!(first instanceof Buffer)) return failure(item, first);
  const fd = openSync(path, 'wx', 0o600);
  let written = 0;
  try {
    written += writeSync(fd, first);
    for (let i = 1; i < blobs.length; i++) written += writeSync(fd, await fetcher.blob(blobs[i]!));
  } catch (e) {
    closeSync(fd);
    unlinkSync(path);
    return failure(item, e);
  }
  if (written !== item.entry.size) {
    closeSync(fd);
    unlinkSync(path);
    return { path: item.display, reason: `restored ${written} bytes where the snapshot recorded ${item.entry.size}` };
  }
  fchmodSync(fd, item.entry.mode);
  futimesSync(fd, seconds(item.entry), seconds(item.entry));
  closeSync(fd);
  return undefined;
}

function failure(item: PlanItem, e: unknown): FileFailure {
  if (!isBulkheadError(e)) throw e;
  return { path: item.display, reason: e.message };
}

export function applyMeta(path: Buffer | string, e: TreeEntry): void {
  chmodSync(path, e.mode);
  utimesSync(path, seconds(e), seconds(e));
}

/**
 * mtime is in µs; a double near 1.8e9 s resolves ~240 ns, so aim at the middle of the µs and the
 * kernel's truncation to ns reads back as the same µs.
 */
function seconds(e: TreeEntry): number {
  return (e.mtime + 0.5) / 1e6;
}
