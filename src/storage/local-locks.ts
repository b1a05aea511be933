import { closeSync, lstatSync, readSync } from 'node:fs';
import { openObjectSync } from './local-entries.js';

/**
 * What a stat of a local object's retention file says about it: any write, chmod, rename over or
 * replacement changes the inode or the ctime (which only the kernel sets), so a stamp equal to one
 * taken when the file was read means the date read then is still the date on disk.
 */
export interface LockStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A local store's retention files, for posture: a cheap stat of each, a read only where needed. */
export interface LocalLockFiles {
  /** The retention file's stamp; undefined when the object has none (no lock). */
  stamp(key: string): LockStamp | undefined;
  /** The date in the retention file now; undefined when it is gone, or is no regular file this user may read, or holds no date (no lock). */
  read(key: string): Date | undefined;
}

/** A retention file is ~60 bytes of JSON; more is read whole by the slow path. */
const SMALL = 512;

/** Why a retention file is not read: gone, a symlink, no regular file, not readable by this user. */
const UNREAD = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EMLINK', 'ENXIO', 'ENOTREG', 'EACCES', 'EPERM']);

/** The retention date a file's text holds; undefined when it holds none (garbage is no lock, not an error). */
function dateIn(text: string): Date | undefined {
  try {
    const until = new Date((JSON.parse(text) as { retainUntil?: unknown }).retainUntil as string);
    return Number.isNaN(until.getTime()) ? undefined : until;
  } catch {
    return undefined;
  }
}

export function localLockFiles(pathOf: (key: string) => string): LocalLockFiles {
  const buf = Buffer.allocUnsafe(SMALL);
  return {
    stamp(key) {
      const st = lstatSync(pathOf(key), { throwIfNoEntry: false });
      return st && { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    },
    read(key) {
      let fd: number;
      try {
        // a FIFO, symlink or unreadable file put there by whoever writes the folder: no lock, never a hang or a stop
        fd = openObjectSync(pathOf(key));
      } catch (e) {
        if (UNREAD.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
        throw e;
      }
      // One read into a shared buffer: readFileSync's fstat and fresh buffer per file were most of
      // a year-old vault's 24,000 lock reads.
      let text = '';
      try {
        for (let at = 0, n = 1; n > 0; at += n) {
          n = readSync(fd, buf, 0, SMALL, at);
          text += buf.toString('utf8', 0, n);
        }
      } finally {
        closeSync(fd);
      }
      return dateIn(text);
    },
  };
}
