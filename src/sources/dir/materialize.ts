import { closeSync, constants, lchownSync, lstatSync, lutimesSync, mkdirSync, openSync, symlinkSync } from 'node:fs';
import type { BlobFetcher } from '../blob-sink.js';
import { nameBytes, type TreeEntry } from '../../vault/tree.js';
import { nameProblem } from '../../vault/names.js';
import type { ProgressSink } from '../../util/progress.js';
import { setMeta } from '../../util/file-meta.js';
import { reasonOf, seconds, type FileFailure, type FileToWrite } from './write-files.js';
import { writeLinked } from './link-groups.js';
import { bornOwner, ownerOf } from './owners.js';

/** One thing to create, at a path relative to the restore root (exact bytes and display form). */
export interface PlanItem {
  display: string;
  raw: Buffer;
  entry: TreeEntry;
}

export type { FileFailure } from './write-files.js';

const SLASH = Buffer.from('/');

export function childPath(parent: Buffer, e: TreeEntry): Buffer {
  return parent.length === 0 ? nameBytes(e) : Buffer.concat([parent, SLASH, nameBytes(e)]);
}

/**
 * Creates the planned entries under root: directories first (owner-writable while filling), files
 * in the order their blobs are stored with every blob verified (write-files.ts), the other names of
 * hard-linked files as links to the first (link-groups.ts), symlinks, then modes and mtimes
 * bottom-up. A file whose data fails verification is removed and reported; the others are restored
 * in full.
 * File system calls are synchronous: for tens of thousands of small files a thread-pool round trip
 * per call costs more than the call itself (docs/PERFORMANCE.md); the lanes overlap pack reads.
 *
 * Nothing is written outside root, whatever the plan says (it comes from trees a hijacked writer
 * may have signed): every path is proven first (valid components; its parent a folder this call
 * created, in an empty root), files are opened O_EXCL|O_NOFOLLOW, a hard link joins only two
 * proven paths, to a file written here, and symlinks come last, so no write ever goes through one.
 * An entry that fails the proof is reported and left out.
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
  const made = new Set<string>(['']); // hex of the relative paths of folders created here
  const proven = (item: PlanItem): boolean => {
    const reason = pathProblem(item.raw, made);
    if (reason) failures.push({ path: item.display, reason: `refused: ${reason}` });
    return !reason;
  };
  const attempt = (item: PlanItem, fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (e) {
      failures.push(failure(item, e));
      return false;
    }
  };
  const dirs: PlanItem[] = [];
  for (const d of items) {
    if (d.entry.kind !== 'dir' || !proven(d) || !attempt(d, () => mkdirSync(at(d.raw), { mode: 0o700 }))) continue;
    made.add(d.raw.toString('hex'));
    dirs.push(d);
  }
  const files = items.filter((item) => item.entry.kind === 'file' && proven(item)).map((item) => new PlannedFile(base, item));
  failures.push(...(await writeLinked(files, fetcher, progress, bornOwner(lstatSync(root)))));
  for (const item of items) {
    if (item.entry.kind !== 'symlink' || !proven(item)) continue;
    const target = item.entry.rawTarget ? Buffer.from(item.entry.rawTarget, 'base64') : Buffer.from(item.entry.target ?? '');
    attempt(item, () => {
      symlinkSync(target, at(item.raw));
      const owner = ownerOf(item.entry);
      if (owner) lchownSync(at(item.raw), owner.uid, owner.gid);
      lutimesSync(at(item.raw), seconds(item.entry), seconds(item.entry));
    });
  }
  for (const d of [...dirs].reverse()) applyMeta(at(d.raw), d.entry);
  return failures;
}

/**
 * A file of the plan to write. Its full path is built when asked (once per blob written, then
 * dropped): kept for every file through the whole write, 48k of them were ~10 MB of the main heap
 * on the bench corpus, promoted at the first write.
 */
class PlannedFile implements FileToWrite {
  readonly display: string;
  readonly entry: TreeEntry;
  readonly #root: Buffer;
  readonly #raw: Buffer;

  constructor(root: Buffer, item: PlanItem) {
    this.#root = root;
    this.#raw = item.raw;
    this.display = item.display;
    this.entry = item.entry;
  }

  get path(): Buffer {
    return Buffer.concat([this.#root, SLASH, this.#raw]);
  }
}

/** Why a relative path may not be created: a bad component, or a parent this restore did not make. */
function pathProblem(raw: Buffer, made: ReadonlySet<string>): string | undefined {
  let start = 0;
  for (let slash = raw.indexOf(0x2f); ; slash = raw.indexOf(0x2f, start)) {
    const part = raw.subarray(start, slash < 0 ? raw.length : slash);
    const problem = nameProblem(part);
    if (problem) return problem;
    if (slash < 0) break;
    start = slash + 1;
  }
  const parent = start === 0 ? '' : raw.subarray(0, start - 1).toString('hex');
  return made.has(parent) ? undefined : 'its parent is not a folder this restore created';
}

function failure(item: PlanItem, e: unknown): FileFailure {
  return { path: item.display, reason: reasonOf(e) };
}

/** A folder's owner (as root), mode and mtime, set through a descriptor opened without following a symlink. */
export function applyMeta(path: Buffer | string, e: TreeEntry): void {
  const fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    setMeta(fd, e.mode, seconds(e), ownerOf(e));
  } finally {
    closeSync(fd);
  }
}
