import { promises as fsp } from 'node:fs';
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
  for (const d of dirs) await fsp.mkdir(at(d.raw), { mode: 0o700 });
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
    await fsp.symlink(target, at(item.raw));
    await setTimes(at(item.raw), item.entry, true);
  }
  for (const d of [...dirs].reverse()) await applyMeta(at(d.raw), d.entry);
  return failures;
}

async function writeFile(path: Buffer, item: PlanItem, fetcher: BlobFetcher): Promise<FileFailure | undefined> {
  const fh = await fsp.open(path, 'wx', 0o600);
  let written = 0;
  try {
    for (const id of item.entry.blobs ?? []) {
      const data = await fetcher.blob(id);
      await fh.write(data, 0, data.length, written);
      written += data.length;
    }
  } catch (e) {
    await fh.close();
    await fsp.unlink(path);
    if (!isBulkheadError(e)) throw e;
    return { path: item.display, reason: e.message };
  }
  await fh.close();
  if (written !== item.entry.size) {
    await fsp.unlink(path);
    return { path: item.display, reason: `restored ${written} bytes where the snapshot recorded ${item.entry.size}` };
  }
  await applyMeta(path, item.entry);
  return undefined;
}

export async function applyMeta(path: Buffer | string, e: TreeEntry): Promise<void> {
  await fsp.chmod(path, e.mode);
  await setTimes(path, e, false);
}

async function setTimes(path: Buffer | string, e: TreeEntry, link: boolean): Promise<void> {
  // mtime is in µs; a double near 1.8e9 s resolves ~240 ns, so aim at the middle of the µs
  // and the kernel's truncation to ns reads back as the same µs.
  const seconds = (e.mtime + 0.5) / 1e6;
  if (link) await fsp.lutimes(path, seconds, seconds);
  else await fsp.utimes(path, seconds, seconds);
}
