import { closeSync, constants, fchmodSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { gitBlobHash } from '../../sources/git/blob-id.js';

/** Inflates a blob stored whole into `take`, piece by piece; false when it cannot (a delta, a loose object). */
export type BlobStreamer = (oid: string, take: (piece: Buffer) => void) => Promise<boolean>;

const READ_BACK = 1 << 20;

/** Writes a blob's bytes into a new file, then reads back what the disk holds and checks it is the blob. */
export function writeBlobFile(path: Buffer, bytes: Buffer, oid: string, mode: number): string | undefined {
  return withNewFile(path, mode, bytes.length, oid, (fd) => {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off, off);
  });
}

/**
 * Writes a large blob into a new file as it is inflated (never whole in memory: a 300 MB file was
 * three copies of itself), hashing the pieces on the way; then reads it back as writeBlobFile does.
 * 'whole' when the streamer cannot give it: the caller reads it whole.
 */
export async function streamBlobFile(path: Buffer, size: number, oid: string, mode: number, stream: BlobStreamer): Promise<string | undefined | 'whole'> {
  const fd = openNew(path);
  if (typeof fd === 'string') return fd;
  const hash = gitBlobHash(size, oid);
  let written = 0;
  try {
    let streamed: boolean;
    try {
      streamed = await stream(oid, (piece) => {
        if (written + piece.length > size) throw new Error(`more than its ${size} bytes`);
        for (let off = 0; off < piece.length; ) off += writeSync(fd, piece, off, piece.length - off, written + off);
        written += piece.length;
        hash.update(piece);
      });
    } catch (e) {
      unlinkSync(path);
      return `not restored: the mirror's blob ${oid.slice(0, 12)} could not be read (${(e as Error).message})`;
    }
    if (!streamed) {
      unlinkSync(path);
      return 'whole';
    }
    if (written !== size || hash.digest('hex') !== oid) {
      unlinkSync(path);
      return `not restored: the mirror's blob ${oid.slice(0, 12)} does not hash to its id (damaged or forged)`;
    }
    return readBack(fd, path, mode, size, oid);
  } finally {
    closeSync(fd);
  }
}

/** A new file, made here (O_EXCL, never through a symlink), or why it could not be. */
function openNew(path: Buffer): number | string {
  try {
    return openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (e) {
    return `not created: ${(e as Error).message.split(', ')[0]}`;
  }
}

/** A new file filled by `fill`, then checked by reading it back. */
function withNewFile(path: Buffer, mode: number, size: number, oid: string, fill: (fd: number) => void): string | undefined {
  const fd = openNew(path);
  if (typeof fd === 'string') return fd;
  try {
    fill(fd);
    return readBack(fd, path, mode, size, oid);
  } finally {
    closeSync(fd);
  }
}

/** Reads the file 1 MiB at a time into its hash (not into a second copy of it); the mode is set once it matches. */
function readBack(fd: number, path: Buffer, mode: number, size: number, oid: string): string | undefined {
  const hash = gitBlobHash(size, oid);
  const back = Buffer.allocUnsafe(Math.min(READ_BACK, Math.max(1, size)));
  let got = 0;
  for (let n = 1; got < size && n > 0; got += n) {
    n = readSync(fd, back, 0, Math.min(back.length, size - got), got);
    hash.update(back.subarray(0, n));
  }
  // One byte more would mean the file is longer than written (it was created here, O_EXCL).
  if (got !== size || readSync(fd, back, 0, 1, got) !== 0 || hash.digest('hex') !== oid) {
    unlinkSync(path);
    return 'not restored: what was written does not hash to the blob id';
  }
  fchmodSync(fd, mode);
  return undefined;
}
