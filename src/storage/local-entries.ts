import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, promises as fsp, readdirSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BulkheadError } from '../util/errors.js';
import { READ_AS_FOUND } from '../util/read-as-found.js';
import { missingObject } from './refusals.js';

/**
 * What a local vault's folder may hold that Bulkhead never writes there: whoever can create files in
 * it (a hijacked agent of a `file://` vault) can leave a FIFO (an open for reading waits for a writer
 * for ever), a symlink (dangling, or to a file or folder outside), a file no other user may read.
 * Objects are only regular files, opened without following a link or waiting on a pipe; a folder on
 * the way to a write must be a real folder, never a symlink to one outside the vault.
 */

/** A local vault's folder as its entries, or none when it cannot be read (gone, or not a folder). */
export function dirEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** What a folder entry is, in a few words ("a symlink", "a FIFO (named pipe)"…). */
export function kindOf(entry: Dirent | Stats): string {
  if (entry.isFile()) return 'a file';
  if (entry.isDirectory()) return 'a folder';
  if (entry.isSymbolicLink()) return 'a symlink';
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  return entry.isBlockDevice() || entry.isCharacterDevice() ? 'a device' : 'no regular file';
}

/** Why an entry of a vault's folder is no object Bulkhead wrote: undefined for a regular file or a folder. */
export function notAFile(entry: Dirent | Stats): string | undefined {
  return entry.isFile() || entry.isDirectory() ? undefined : `${kindOf(entry)}, not a file: Bulkhead never writes one`;
}

/** Thrown by the opens below for an object that is there but no regular file (a folder, a FIFO…). */
class NotRegular extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly kind: string) {
    super(`${kind}, not a file`);
  }
}

function checkRegular(st: Stats): void {
  if (!st.isFile()) throw new NotRegular(kindOf(st));
}

/** A descriptor of the regular file at `path`; a symlink, FIFO, device or folder there is refused (ELOOP, ENOTREG). */
export function openObjectSync(path: string): number {
  const fd = openSync(path, READ_AS_FOUND);
  try {
    checkRegular(fstatSync(fd));
    return fd;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** openObjectSync with a FileHandle, and the stat it took (a whole read needs the size). */
export async function openObject(path: string): Promise<{ fh: fsp.FileHandle; st: Stats }> {
  const fh = await fsp.open(path, READ_AS_FOUND);
  try {
    const st = await fh.stat();
    checkRegular(st);
    return { fh, st };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/**
 * An open of one object that failed, as the error its readers expect: a missing one NOT_FOUND; one
 * that is no regular file or that this user may not read CORRUPT (refused, like a damaged object:
 * its readers report it and go on with the others). Anything else as thrown.
 */
export function readFailure(url: string, key: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') missingObject(url, key);
  const tampered = 'Bulkhead never writes one, so the vault folder was tampered with (posture lists such entries): look at it and remove it';
  if (e instanceof NotRegular) throw new BulkheadError('CORRUPT', `${key} in ${url} is ${e.kind}, not a file: not read; ${tampered}`);
  if (code === 'ELOOP' || code === 'EMLINK') throw new BulkheadError('CORRUPT', `${key} in ${url} is a symlink, not a file: not read; ${tampered}`);
  if (code === 'ENXIO') throw new BulkheadError('CORRUPT', `${key} in ${url} is a socket or device, not a file: not read; ${tampered}`);
  if (code === 'EACCES' || code === 'EPERM') {
    throw new BulkheadError(
      'CORRUPT',
      `${key} in ${url} cannot be read by this user (permission denied): not read; Bulkhead writes every object readable to all, so its mode or owner was changed: make it readable (chmod a+r) or run as a user who may read it, and find out who changed it`,
    );
  }
  throw e;
}

/** The first entry from `root` (excluded) down to `dir` that is no real folder, and what it is; undefined when all are (made where missing when `make`). */
export function firstNotFolder(root: string, dir: string, make: boolean): { path: string; kind: string } | undefined {
  const rel = relative(root, dir);
  if (rel === '') return undefined;
  if (rel.startsWith('..')) throw new Error(`${dir} is not under ${root}`);
  let at = root;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    let st = lstatSync(at, { throwIfNoEntry: false });
    if (!st && !make) return undefined; // missing: the write that needs it makes it
    if (!st) {
      try {
        mkdirSync(at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      st = lstatSync(at);
    }
    if (!st.isDirectory()) return { path: at, kind: kindOf(st) };
  }
  return undefined;
}

/**
 * Makes sure every folder from `root` (excluded: the operator chose it) down to `dir` is a real
 * folder, making the missing ones: a symlink or anything else on the way is refused (TAMPERED)
 * before anything is written, so no write lands in a folder outside the vault. A few lstat calls
 * per write, none cached: a folder checked once could be swapped for a symlink later.
 */
export function ensureRealFolders(root: string, dir: string): void {
  const bad = firstNotFolder(root, dir, true);
  if (bad) {
    throw new BulkheadError('TAMPERED', `the vault folder was tampered with at ${bad.path}: it is ${bad.kind}, not a folder (Bulkhead never makes one there); nothing was written: remove it, and check what it points to or holds`);
  }
}

/** What the entry at `path` is ("a folder", "a FIFO"…), or undefined when there is none. */
export function entryKind(path: string): string | undefined {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st && kindOf(st);
}

/** ensureRealFolders without making or refusing anything: whether every folder from `root` down to `dir` is a real one (a missing one is not). */
export function isRealFolder(root: string, dir: string): boolean {
  try {
    for (let at = dir; at.length > root.length; at = dirname(at)) if (!lstatSync(at).isDirectory()) return false;
    return true;
  } catch {
    return false;
  }
}

