/**
 * A restore worker: opens, decodes and verifies a pack's blobs and writes each into its file, off
 * the main thread. The main thread plans, proves every path and keeps the books; the checks here
 * are the same as PackReader.blobAt's (AEAD under the pack's DEK with the id as associated data,
 * the decode ceiling, the keyed id recomputed), so nothing unverified is ever written.
 */
import { parentPort } from 'node:worker_threads';
import { closeSync, constants, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { blobId } from '../crypto/blob-id.js';
import { isBulkheadError } from '../util/errors.js';
import { leavesHole } from '../util/zero-bytes.js';
import { modeAtCreate, setMeta } from '../util/file-meta.js';
import { openDataBlob } from './open-blob.js';
import { BufferPool } from './buffer-pool.js';
import { checkRestored, ReadBuffer } from './read-back.js';
import type { FromRestoreWorker, ToRestoreWorker, WriteMessage } from './restore-messages.js';
import { BatchJob, CORRUPT, FS_FAILED } from './write-batch.js';
import { fileAt, filesIn } from './check-batch.js';
import { collectYoung } from './young-gc.js';

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const REOPEN = constants.O_WRONLY | constants.O_NOFOLLOW;

const port = parentPort!;
let idKey: Buffer | undefined;
/**
 * Opened and decoded blobs reuse a few buffers (fresh memory faults on first touch). One job at a
 * time holds two (the opened box, the decoded blob); four kept up to 16 MiB of large ones each.
 */
const decoded = new BufferPool(2);

function send(message: FromRestoreWorker): void {
  port.postMessage(message);
}

port.on('message', (m: ToRestoreWorker) => {
  try {
    if (m.kind === 'init') {
      idKey = Buffer.from(m.idKey);
      send({ kind: 'ready' });
    } else if (m.kind === 'check') {
      const found: number[] = [];
      for (let i = 0; i < filesIn(m.batch); i++) found.push(checkRestored(fileAt(m.batch, i), idOf, readBack));
      send({ kind: 'checked', seq: m.seq, found });
    } else {
      const dek = Buffer.from(m.dek);
      const n = m.batch.ids.length;
      const codes = new Uint8Array(n);
      const reasons: Record<number, string> = {};
      const job = new BatchJob(m.batch);
      for (let i = 0; i < n; i++) {
        if (job.at(i).skipped) continue; // refused on the main thread, which says why
        const reason = writeOne(m, dek, job);
        if (reason === undefined) continue;
        codes[i] = reason.corrupt ? CORRUPT : FS_FAILED;
        reasons[i] = reason.reason;
      }
      send({ kind: 'written', seq: m.seq, codes, reasons });
      dek.fill(0);
      collectYoung(); // the batch's dead decipher outputs go now, not tens of MB later
    }
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});

interface Failure {
  corrupt: boolean;
  reason: string;
}

/** Opens, verifies and writes one job's blob; undefined when written. */
function writeOne(m: WriteMessage, dek: Buffer, job: BatchJob): Failure | undefined {
  const what = `blob ${job.id.slice(0, 12)} in pack ${m.pack.slice(0, 12)}`;
  let plain: Buffer;
  try {
    const box = Buffer.from(m.bytes.buffer, m.bytes.byteOffset + job.offset, job.length);
    plain = openDataBlob(dek, box, job.id, what, job.ceiling, decoded);
    if (plain.length !== job.rawLength || blobId(idKey!, plain) !== job.id) {
      decoded.release(plain);
      return { corrupt: true, reason: `${what} does not match its id` };
    }
  } catch (e) {
    if (isBulkheadError(e)) return { corrupt: true, reason: e.message };
    throw e;
  }
  try {
    return writeInto(job, plain);
  } finally {
    decoded.release(plain);
  }
}

/** Writes a verified blob; a one-blob file is created, checked and finished here, or not at all. */
function writeInto(job: BatchJob, plain: Buffer): Failure | undefined {
  const path = job.path;
  const whole = job.whole;
  // A one-blob file is created with its final mode when the umask leaves it whole: no chmod.
  const modeSet = whole && modeAtCreate(job.mode);
  let fd: number;
  try {
    fd = openSync(path, whole ? CREATE : REOPEN, modeSet ? job.mode : 0o600);
  } catch (e) {
    return fsFailure(e);
  }
  try {
    // A zero run stays a hole (util/zero-bytes.ts): a one-blob file is only given its size; a piece
    // of a larger one is skipped, and the file gets its full size when finished.
    const hole = leavesHole(plain);
    if (hole && whole) ftruncateSync(fd, plain.length);
    const wrote = hole ? plain.length : writeSync(fd, plain, 0, plain.length, job.pos);
    if (whole) {
      // The file is new (O_EXCL) and written from offset 0 in one call: what was written is its
      // size (the read-back checks it again). One fstat fewer per file.
      if (wrote !== job.size) throw Object.assign(new Error(`restored ${wrote} bytes where the snapshot recorded ${job.size}`), { code: 'SIZE' });
      setMeta(fd, job.mode, job.mtime, job.owner, modeSet);
    } else if (wrote !== plain.length) {
      throw Object.assign(new Error(`wrote ${wrote} of ${plain.length} bytes`), { code: 'SIZE' });
    }
    return undefined;
  } catch (e) {
    if (whole) unlinkSync(path);
    return fsFailure(e);
  } finally {
    closeSync(fd);
  }
}

/** The same words write-files.ts's reasonOf uses for a refused call. */
function fsFailure(e: unknown): Failure {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'SIZE') return { corrupt: false, reason: err.message };
  if (typeof err.code !== 'string') throw e;
  return { corrupt: false, reason: `not created: ${err.message.split(', ')[0]}` };
}

const readBack = new ReadBuffer();
const idOf = (b: Buffer) => blobId(idKey!, b);

