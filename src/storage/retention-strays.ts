import { lstatSync } from 'node:fs';
import { sep } from 'node:path';
import type { ListedVersion } from './blob-store.js';
import { dirEntries, kindOf } from './local-entries.js';

/** Where a stray of the retention tree is walked from, and what the object tree's walk found. */
export interface StrayWalk {
  /** The retention folder twin of the object folder the listing started at, and that folder's key ('' at the root). */
  dir: string;
  at: string;
  prefix: string;
  /** Every real folder of the object tree the listing walked, by key. */
  folders: ReadonlySet<string>;
  objectKey: (key: string) => boolean;
}

/**
 * The entries of a local vault's retention tree (.bulkhead/retention/, the object tree's twin, which
 * no listing walks otherwise) that are in the way of a write, each listed at its object's key and
 * set aside like a FIFO there: a folder where an object's retention file goes (the object was
 * linked in and its retention file could not be renamed over the folder: a revocation left
 * unlocked, R5-1b; a put now refuses first), and anything but a folder where the object tree has a
 * folder (every write into it refused, R5-3c). A readdir per folder, no stat per retention file.
 */
export function retentionStrays(walk: StrayWalk, out: ListedVersion[]): void {
  strays(walk, walk.dir, walk.at, out);
}

function strays(walk: StrayWalk, dir: string, at: string, out: ListedVersion[]): void {
  for (const e of dirEntries(dir)) {
    const key = at ? `${at}/${e.name}` : e.name;
    if (!key.startsWith(walk.prefix) && !walk.prefix.startsWith(key + '/')) continue;
    const path = dir + sep + e.name;
    if (walk.folders.has(key)) {
      if (e.isDirectory()) strays(walk, path, key, out);
      else out.push(stray(path, key, `${kindOf(e)} at ${retentionName(key)}, where the folder of ${key}'s retention files goes: every write into ${key}/ is refused until it is removed`));
    } else if (e.isDirectory() && walk.objectKey(key) && key.startsWith(walk.prefix)) {
      out.push(stray(path, key, `a folder at ${retentionName(key)}, where ${key}'s retention file goes: Bulkhead never makes one there, and no object can be stored at ${key} until it is removed`));
    }
  }
}

const retentionName = (key: string): string => `.bulkhead/retention/${key}`;

function stray(path: string, key: string, why: string): ListedVersion {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return { key, size: 0, lastModified: st?.mtime ?? new Date(0), isDeleteMarker: false, notAFile: why };
}
