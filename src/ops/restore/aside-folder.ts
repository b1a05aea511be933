import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, type Stats } from 'node:fs';
import { BulkheadError } from '../../util/errors.js';
import { splitAtSlashes } from '../../util/path-bytes.js';

/**
 * Names Bulkhead gives its own folders in a live folder: the aside folder (`.bulkhead-replaced-…`) and
 * the staging ones (`.bulkhead-restore-…`, `.NAME.bulkhead-restore-…`). A snapshot's writer chooses its
 * entries' names: one named like these is never restored in place (it could plant the aside folder).
 */
const OWN = /^\.(?:.*\.)?bulkhead-(?:replaced|restore)-/s;

/** The first component of a relative path (exact bytes) named like Bulkhead's own folders, if any. */
export function ownNamed(rel: Buffer | string): string | undefined {
  const parts = (typeof rel === 'string' ? rel : rel.toString('latin1')).split('/');
  const at = parts.findIndex((p) => OWN.test(p));
  if (at < 0) return undefined;
  const shown = parts.slice(0, at + 1).join('/');
  return typeof rel === 'string' ? shown : Buffer.from(shown, 'latin1').toString();
}

/** Why such an entry is not restored, as the plan and the job say it. */
export const ownNamedWhy = (shown: string) => `${shown}: not restored: named like Bulkhead's own aside or staging folders (a snapshot's writer chose that name); restore it into a folder to see it`;

/** The plan's lines for such entries, first: the operator sees them before confirming. */
export function ownNamedLines(refused: string[], shown: number): string[] {
  const more = refused.length - shown;
  return [...refused.slice(0, shown).map(ownNamedWhy), ...(more > 0 ? [`${more} more entries named like Bulkhead's own aside or staging folders: not restored`] : [])];
}

/** `.bulkhead-replaced-<UTC second>-<16 hex>`: the time for the operator, the random part so no writer can plant it ahead. */
export const asideName = (now: Date) => `.bulkhead-replaced-${now.toISOString().replace(/[-:]|\.\d+/g, '')}-${randomBytes(8).toString('hex')}`;

const id = (st: Stats) => `${st.dev}:${st.ino}`;
const what = (st: Stats | undefined) => (!st ? 'gone' : st.isSymbolicLink() ? 'a symlink' : st.isDirectory() ? 'another folder' : 'not a folder');

/**
 * The folder one in-place restore moves replaced live entries into, keeping their relative paths.
 * It is made by this restore, exclusively (never one that is there already), 0700; so is every folder
 * inside it, one component at a time, never recursively and never through a symlink. A folder on
 * the way that is not one this restore made (by device and inode) refuses the move: the live entry
 * stays where it is. Each move is read back (the same inode at the destination), and `stillThere`
 * checks them again before the job says where they are.
 */
export class AsideFolder {
  /** Relative folder (hex of its bytes; '' the aside folder itself) → device:inode of the folder made. */
  private readonly made = new Map<string, string>();
  private readonly moved: { shown: string; dest: Buffer; id: string }[] = [];
  private readonly root: string;
  readonly path: string;

  constructor(root: string, name: string) {
    this.root = root.replace(/\/+$/, '');
    this.path = `${this.root}/${name}`;
  }

  /** Renames ROOT/rel to ASIDE/rel; throws (a BulkheadError, the live entry left in place) where that is not safe. */
  move(rel: Buffer, shown: string): void {
    const parts = splitBuffer(rel);
    this.enter([]);
    for (let i = 1; i < parts.length; i++) this.enter(parts.slice(0, i));
    const dest = this.at(parts);
    const there = lstatSync(dest, { throwIfNoEntry: false });
    if (there) throw new BulkheadError('EXISTS', `${dest.toString()} already exists; nothing was moved over it`);
    const src = Buffer.concat([Buffer.from(`${this.root}/`), rel]);
    const before = lstatSync(src);
    // Only this user can write in the 0700 folders made above: nothing can appear at dest in between.
    renameSync(src, dest);
    const after = lstatSync(dest, { throwIfNoEntry: false });
    if (!after || id(after) !== id(before)) throw new BulkheadError('RESTORE_INCOMPLETE', `${src.toString()} was moved, but ${dest.toString()} is ${what(after)} now, not it; look for it before going on`);
    this.moved.push({ shown, dest, id: id(after) });
  }

  /** The entries moved aside that are still where they were moved (the job's words name only these), and those that are not. */
  stillThere(): { there: string[]; gone: { path: string; reason: string }[] } {
    const there: string[] = [];
    const gone: { path: string; reason: string }[] = [];
    for (const m of this.moved) {
      const st = lstatSync(m.dest, { throwIfNoEntry: false });
      if (st && id(st) === m.id) there.push(m.shown);
      else gone.push({ path: m.shown, reason: `moved aside, but ${m.dest.toString()} is ${what(st)} now, not the copy moved there` });
    }
    return { there, gone };
  }

  private at(parts: Buffer[]): Buffer {
    return Buffer.concat([Buffer.from(this.path), ...parts.flatMap((p) => [Buffer.from('/'), p])]);
  }

  /** Makes ASIDE/parts (its parent made already), or checks it is the folder this restore made there. */
  private enter(parts: Buffer[]): void {
    const key = Buffer.concat(parts.flatMap((p) => [p, Buffer.from('/')])).toString('hex');
    const dir = this.at(parts);
    const had = this.made.get(key);
    if (had === undefined) {
      try {
        mkdirSync(dir, { mode: 0o700 }); // exclusive: EEXIST is never reused
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        throw new BulkheadError('EXISTS', `${dir.toString()} is there already and this restore did not make it (${what(lstatSync(dir, { throwIfNoEntry: false }))}); nothing was moved into it: show the plan again`);
      }
      const st = lstatSync(dir);
      if (!st.isDirectory()) throw new BulkheadError('TARGET_NOT_EMPTY', `${dir.toString()} is ${what(st)} just after this restore made it; nothing was moved into it`);
      this.made.set(key, id(st));
      return;
    }
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory() || id(st) !== had) throw new BulkheadError('TARGET_NOT_EMPTY', `${dir.toString()} is no longer the folder this restore made (${what(st)} now); nothing more was moved into it`);
  }
}

function splitBuffer(rel: Buffer): Buffer[] {
  const out = splitAtSlashes(rel);
  if (out.some((p) => p.length === 0 || p.equals(Buffer.from('.')) || p.equals(Buffer.from('..')))) throw new BulkheadError('USAGE', `${rel.toString()} is not a plain relative path; nothing was moved aside`);
  return out;
}
