import { closeSync, constants, fstatSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { BlobFetcher } from '../blob-sink.js';
import type { TreeEntry } from '../../vault/tree.js';
import { isBulkheadError } from '../../util/errors.js';
import { Lanes } from '../../util/lanes.js';
import type { ProgressSink } from '../../util/progress.js';
import { leavesHole } from '../../util/zero-bytes.js';
import { setMeta } from '../../util/file-meta.js';
import { ownerOf, ownerToSet, type BornOwner } from './owners.js';
import { CORRUPT, WRITTEN, WriteBatch, type Whole } from '../../vault/write-batch.js';

/** A file to create: its full path (bytes), how it is shown, and its tree entry. */
export interface FileToWrite {
  readonly path: Buffer;
  display: string;
  entry: TreeEntry;
}

export interface FileFailure {
  path: string;
  reason: string;
}

export interface WriteOptions {
  /** Hears of each file not written (as its failure names it). */
  failed?: (job: FileToWrite, reason: string) => void;
  /** Who new files belong to before any chown (owners.ts bornOwner): the workers chown only others'. */
  born?: BornOwner;
}

/** One blob of one file: where it goes in the file and how long the index says it is. */
interface Piece {
  file: FileState;
  /** The pack its blob is read from (undefined: an empty file). */
  pack?: string;
  /** undefined: an empty file. */
  blob?: string;
  at: number;
  length: number;
}

interface FileState {
  job: FileToWrite;
  left: number;
  written: number;
  created: boolean;
  failed: boolean;
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const REOPEN = constants.O_WRONLY | constants.O_NOFOLLOW;

/**
 * Writes the files' content in the order the blobs are stored (pack by pack, by offset), as
 * restic's restorer does, not file by file: a file's blobs may lie in several packs, shared with
 * other files, and in tree order a restore wanted a pack of small files from the first file to
 * the last and had to keep many such packs in memory (~115 MB held, 450 MB peak RSS on the bench
 * corpus). Here each pack is used up and let go in turn.
 *
 * A one-blob file (most files) is created only once its blob is verified, written, given its mode
 * and time, and closed in one step: a file whose content fails verification never exists. A file
 * of several blobs is created (O_EXCL, no symlink followed) at its first verified blob, or before
 * its first batch goes to the workers, and written at each blob's offset; a failure removes it.
 * A large restore hands each pack's pieces to the fetcher's worker threads in batches (writeBlobs:
 * the same checks, off this thread); a blob that fails there is read again here through blob(),
 * which tries its other locations. Every path was proven by the caller to lie in a
 * folder this restore created.
 */
export async function writeFiles(files: readonly FileToWrite[], fetcher: BlobFetcher, progress: ProgressSink, opts: WriteOptions = {}): Promise<FileFailure[]> {
  const { failed, born } = opts;
  const failures: FileFailure[] = [];
  /** Stops writing a file and removes what of it exists; true the first time. */
  const drop = (f: FileState): boolean => {
    if (f.failed) return false;
    f.failed = true;
    if (f.created) unlinkSync(f.job.path);
    return true;
  };
  const fail = (f: FileState, reason: string) => {
    if (!drop(f)) return;
    failures.push({ path: f.job.display, reason });
    failed?.(f.job, reason);
  };
  let done = 0;
  const report = (bytes: number, f: FileState) => {
    done += bytes;
    progress({ phase: 'restore', done, unit: 'bytes', detail: f.job.display });
  };
  const lanes = new Lanes(4);
  const { pieces, unplaced } = inStorageOrder(files, fetcher);
  fetcher.willRead?.(pieces.flatMap((p) => (p.blob === undefined ? [] : [p.blob])));
  const redo: FileToWrite[] = [];

  /** One piece read through the fetcher (which tries every claimed location) and written here. */
  const readAndWrite = async (piece: Piece): Promise<void> => {
    const f = piece.file;
    const bytes = piece.blob === undefined ? Buffer.alloc(0) : await fetcher.blob(piece.blob).catch((e: unknown) => e);
    if (!(bytes instanceof Buffer)) return fail(f, reasonOf(bytes));
    try {
      // The offsets came from the index's lengths, a hint (a forged record may claim another; the
      // blob then came from another of its locations): such a file is written again blob by blob.
      // Past the recorded size only through such a hint, or a forged tree (one chunk named a million
      // times): written blob by blob too, which stops at the size, so no file takes more disk than it says.
      if (bytes.length !== piece.length || piece.at + bytes.length > (f.job.entry.size ?? 0)) {
        if (drop(f)) redo.push(f.job);
      } else if (!f.failed) write(f, piece, bytes);
    } catch (e) {
      fail(f, reasonOf(e));
    } finally {
      fetcher.release?.(bytes);
    }
    report(bytes.length, f);
  };

  /**
   * A run of one pack's pieces written by the fetcher's workers. A file of several blobs is created
   * here first (its pieces may be written by two workers at once) and finished here after its last.
   */
  const writeBatch = async (pack: string, batch: Piece[]): Promise<void> => {
    // A piece past the file's recorded size is never handed to a worker (see readAndWrite).
    const live = batch.filter((p) => {
      if (p.file.failed) return false;
      if (p.at + p.length > (p.file.job.entry.size ?? 0)) return drop(p.file) && (redo.push(p.file.job), false);
      return created(p.file, fail);
    });
    // A path may be built when asked (materialize.ts): read once per piece, copied into the batch.
    const writes = new WriteBatch(live.length, live.length * 128);
    for (const p of live) writes.add(p.blob!, p.file.job.path, p.at, oneBlob(p.file) ? wholeOf(p.file.job.entry, born) : undefined);
    const { codes, reasons } = await fetcher.writeBlobs!(pack, writes);
    for (let i = 0; i < live.length; i++) {
      const piece = live[i]!;
      const f = piece.file;
      if (codes[i] === CORRUPT) {
        await readAndWrite(piece); // nothing was written: the blob's other locations may hold it
        continue;
      }
      if (codes[i] !== WRITTEN) fail(f, reasons[i]!);
      else if (!writes.isWhole(i) && !f.failed) wrotePiece(f, piece.length, fail);
      report(piece.length, f);
    }
  };

  try {
    for (const { pack, run } of packRuns(pieces)) {
      if (pack !== undefined && fetcher.writesBlobs?.(pack)) {
        for (const batch of batches(run)) await lanes.run(() => writeBatch(pack, batch));
      } else {
        for (const piece of run) if (!piece.file.failed) await lanes.run(() => readAndWrite(piece));
      }
    }
    await lanes.drain();
  } catch (e) {
    // A cancel (the progress sink throws) or a failure: nothing may still be writing when the
    // caller removes its staging folder.
    await lanes.drain().catch(() => {});
    throw e;
  }
  // A file with a blob the index does not place (its fetch says why it fails), or whose indexed
  // lengths were wrong, is written blob after blob.
  for (const job of [...unplaced, ...redo]) {
    const f = newState(job);
    for (const blob of job.entry.blobs ?? []) {
      const bytes = await fetcher.blob(blob).catch((e: unknown) => e);
      if (!(bytes instanceof Buffer)) {
        fail(f, reasonOf(bytes));
        break;
      }
      try {
        if (f.written + bytes.length > (job.entry.size ?? 0)) throw Object.assign(new Error(`its content runs past the ${job.entry.size ?? 0} bytes the snapshot recorded (a forged tree?); nothing more of it was written`), { code: 'SIZE' });
        write(f, { file: f, blob, at: f.written, length: bytes.length }, bytes);
      } catch (e) {
        fail(f, reasonOf(e));
        break;
      } finally {
        fetcher.release?.(bytes);
      }
    }
  }
  return failures;
}

/** Raw bytes and pieces per batch handed to the workers: large enough that messages are rare, small enough that two workers share a pack. */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_PIECES = 1024;

/** Consecutive pieces of the same pack (pieces come in storage order). */
function* packRuns(pieces: readonly Piece[]): Generator<{ pack: string | undefined; run: Piece[] }> {
  let run: Piece[] = [];
  for (const piece of pieces) {
    if (run.length > 0 && run[0]!.pack !== piece.pack) {
      yield { pack: run[0]!.pack, run };
      run = [];
    }
    run.push(piece);
  }
  if (run.length > 0) yield { pack: run[0]!.pack, run };
}

function* batches(run: readonly Piece[]): Generator<Piece[]> {
  let batch: Piece[] = [];
  let bytes = 0;
  for (const piece of run) {
    batch.push(piece);
    bytes += piece.length;
    if (bytes >= BATCH_BYTES || batch.length >= BATCH_PIECES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

const oneBlob = (f: FileState) => (f.job.entry.blobs?.length ?? 0) === 1;

const wholeOf = (e: TreeEntry, born: BornOwner): Whole => ({ size: e.size ?? 0, mode: e.mode, mtime: seconds(e), owner: ownerToSet(e, born) });

/** A file of several blobs exists (O_EXCL, no symlink followed) before any worker writes into it. */
function created(f: FileState, fail: (f: FileState, reason: string) => void): boolean {
  if (f.created || oneBlob(f)) return true;
  try {
    closeSync(openSync(f.job.path, CREATE, 0o600));
    f.created = true;
    return true;
  } catch (e) {
    fail(f, reasonOf(e));
    return false;
  }
}

/** A worker wrote one piece of a file of several blobs; after the last, the file is checked and finished. */
function wrotePiece(f: FileState, length: number, fail: (f: FileState, reason: string) => void): void {
  f.written += length;
  if (--f.left > 0) return;
  try {
    const fd = openSync(f.job.path, REOPEN);
    try {
      finish(f, fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    fail(f, reasonOf(e));
  }
}

const newState = (job: FileToWrite): FileState => ({ job, left: Math.max(1, job.entry.blobs?.length ?? 0), written: 0, created: false, failed: false });

/** Writes one verified blob; the file's last one also checks its size and sets its mode and time. */
function write(f: FileState, piece: Piece, bytes: Buffer): void {
  const fd = openSync(f.job.path, f.created ? REOPEN : CREATE, 0o600);
  f.created = true;
  try {
    // A zero run stays a hole (util/zero-bytes.ts); finish gives the file its full size.
    f.written += leavesHole(bytes) ? bytes.length : writeSync(fd, bytes, 0, bytes.length, piece.at);
    if (--f.left === 0) finish(f, fd);
  } finally {
    closeSync(fd);
  }
}

/** All of a file is written: its size checked against the snapshot (holes at its end made up), then its owner (as root), mode and mtime set. */
function finish(f: FileState, fd: number): void {
  let size = fstatSync(fd).size;
  // Zero runs at the end were left as holes: the file ends where the snapshot says.
  if (f.written === f.job.entry.size && size < f.written) {
    ftruncateSync(fd, f.written);
    size = f.written;
  }
  if (f.written !== f.job.entry.size || size !== f.job.entry.size) {
    throw Object.assign(new Error(`restored ${f.written} bytes where the snapshot recorded ${f.job.entry.size}`), { code: 'SIZE' });
  }
  setMeta(fd, f.job.entry.mode, seconds(f.job.entry), ownerOf(f.job.entry));
}

/**
 * Every blob of every file, in storage order: packs in the order first needed (files in tree
 * order, each file's blobs in order), then by offset in the pack. Each blob's place in its file
 * comes from the indexed lengths (checked against the content when written). Files with a blob
 * the index does not place are returned apart.
 */
function inStorageOrder(files: readonly FileToWrite[], fetcher: Pick<BlobFetcher, 'placeOf'>): { pieces: Piece[]; unplaced: FileToWrite[] } {
  const packRank = new Map<string, number>();
  const keyed: { piece: Piece; rank: number; offset: number }[] = [];
  const unplaced: FileToWrite[] = [];
  for (const job of files) {
    const blobs = job.entry.blobs ?? [];
    const places = blobs.map((b) => fetcher.placeOf?.(b));
    if (places.some((p) => p === undefined)) {
      unplaced.push(job);
      continue;
    }
    const file = newState(job);
    if (blobs.length === 0) keyed.push({ piece: { file, at: 0, length: 0 }, rank: -1, offset: 0 });
    let at = 0;
    blobs.forEach((blob, i) => {
      const place = places[i]!;
      if (!packRank.has(place.pack)) packRank.set(place.pack, packRank.size);
      keyed.push({ piece: { file, blob, pack: place.pack, at, length: place.rawLength }, rank: packRank.get(place.pack)!, offset: place.offset });
      at += place.rawLength;
    });
  }
  keyed.sort((a, b) => a.rank - b.rank || a.offset - b.offset);
  return { pieces: keyed.map((k) => k.piece), unplaced };
}

/** Why a file was not restored: a verification failure, or a refused file system call (EEXIST where a plan repeats a name). */
export function reasonOf(e: unknown): string {
  if (isBulkheadError(e)) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'SIZE') return err.message;
  if (typeof err.code !== 'string') throw e;
  return `not created: ${err.message.split(', ')[0]}`;
}

/**
 * mtime is in µs; a double near 1.8e9 s resolves ~240 ns, so aim at the middle of the µs and the
 * kernel's truncation to ns reads back as the same µs.
 */
export function seconds(e: TreeEntry): number {
  return (e.mtime + 0.5) / 1e6;
}
