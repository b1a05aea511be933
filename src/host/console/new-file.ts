import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BulkheadError } from '../../util/errors.js';

/** The folder a new file or folder goes into: it must exist and be a folder (said in words, before anything is made). */
export function requireFolder(folder: string, forWhat: string): void {
  const st = statSync(folder, { throwIfNoEntry: false });
  if (!st) throw new BulkheadError('NOT_FOUND', `the folder ${folder} does not exist; create it first or choose another place for ${forWhat}`);
  if (!st.isDirectory()) throw new BulkheadError('USAGE', `${folder} is a file, not a folder; choose another place for ${forWhat}`);
}

/**
 * A new file, created (0600, exclusive) before the work that fills it, so a wrong path is refused
 * before anything irreversible happens (a writer enrolled in the immutable vault with no credential).
 * Returns write (fill and close) and abandon (close and remove the empty file).
 */
export function reserveNewFile(path: string, what: string): { file: string; write(text: string): void; abandon(): void } {
  const file = resolve(path);
  requireFolder(dirname(file), `the ${what}`);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BulkheadError('EXISTS', `${file} already exists; a ${what} is never overwritten, choose another path`);
    if (code === 'EISDIR') throw new BulkheadError('USAGE', `${file} is a folder; give the path of a new file in it`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new BulkheadError('USAGE', `cannot create ${file} (${code}); choose a folder you can write to`);
    throw e;
  }
  return {
    file,
    write(text) {
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
    },
    abandon() {
      closeSync(fd);
      unlinkSync(file);
    },
  };
}
