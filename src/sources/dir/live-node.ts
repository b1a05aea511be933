import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import { LiveHasher, type ContentHasher } from './live-hash.js';
import type { LiveStatCache } from './live-stat-cache.js';
import { noChildren, type DiffEntry } from '../diff-node.js';
import { storedName } from '../../vault/tree.js';
import { kernelFsAt } from '../../util/kernel-fs.js';
import { BulkheadError } from '../../util/errors.js';

const SLASH = Buffer.from('/');

/** One walk of a live root: how files are hashed, through one reused buffer, and the stat cache if any. */
interface LiveWalk {
  hasher: ContentHasher;
  read: LiveHasher;
  cache: LiveStatCache | undefined;
  /** Entries met so far, and how many may be: the root is the snapshot's word, and may be `/`. */
  entries: number;
  most: number;
  root: string;
}

/**
 * A folder being walked. `path`: a string when it is all ASCII (Node passes it on as is), else its
 * bytes; `rel`: its path as shown ("/"-joined names, for excludes); `key`: its bytes after the root
 * as latin1, the stat cache's key (exact for any name, UTF-8 or not).
 */
interface LiveFolder {
  path: string | Buffer;
  rel: string;
  key: string;
  /** Its device: an entry on another is a mount point, asked what file system it is. */
  dev: bigint;
  walk: LiveWalk;
}

/**
 * A live directory on this machine as diff entries. File contents are cut and hashed exactly as
 * a backup would (same keyed chunker and ids), so equal content compares equal by blob ids; every
 * file of one walk is read through one LiveHasher's reused buffer (a fresh 8 MiB buffer per file
 * cost a diff of 100,000 small files minutes of garbage collection). With a stat cache, a file
 * whose stat is exactly as when it was last hashed costs its lstat alone (live-stat-cache.ts).
 * The walk does not enter a kernel file system mounted below the root (/proc, /sys…): the root is
 * the snapshot's word, and hashing /proc/kcore at the size it claims never ends (tree-diff.ts
 * refuses such a root itself). Nor does it go on past `most` entries (a snapshot naming `/` would
 * have it list the whole disk): the walk then fails with why, and the source is not compared.
 */
export function liveChildren(path: Buffer, hasher: ContentHasher, cache?: LiveStatCache, most = Infinity): Map<string, DiffEntry> {
  const text = path.toString('latin1');
  const { dev } = lstatSync(path, { bigint: true });
  const walk: LiveWalk = { hasher, read: new LiveHasher(hasher), cache, entries: 0, most, root: storedName(path).name };
  return childrenOf({ path: isAscii(text) ? text : path, rel: '', key: '', dev, walk });
}

/**
 * Names are read as latin1 strings (one code unit per byte: exact, and in byte order as map keys,
 * like tree-node.ts's), not as a Buffer each: 100,000 buffers alive at once, and a path buffer
 * joined for each, were much of what a large folder cost in garbage collection.
 */
function childrenOf(folder: LiveFolder): Map<string, DiffEntry> {
  const out = new Map<string, DiffEntry>();
  const names = readdirSync(folder.path, { encoding: 'latin1' });
  const { walk } = folder;
  if ((walk.entries += names.length) > walk.most) {
    const most = walk.most.toLocaleString('en-US');
    throw new BulkheadError('USAGE', `the live folder ${walk.root} holds more than ${most} entries, far more than the snapshot: it was not walked further (a snapshot names the folder, and can name any of this machine's)`);
  }
  for (const bytes of names) {
    const ascii = isAscii(bytes);
    const name = ascii ? bytes : storedName(Buffer.from(bytes, 'latin1')).name;
    const rel = folder.rel ? `${folder.rel}/${name}` : name;
    if (folder.walk.hasher.excluded(rel)) continue;
    const path = ascii && typeof folder.path === 'string' ? `${folder.path}/${bytes}` : Buffer.concat([bytesOf(folder.path), SLASH, Buffer.from(bytes, 'latin1')]);
    const entry = liveEntry(folder, path, bytes, name, rel);
    if (entry) out.set(bytes, entry);
  }
  return out;
}

function liveEntry(folder: LiveFolder, path: string | Buffer, bytes: string, name: string, rel: string): DiffEntry | undefined {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st) return undefined;
  const mode = Number(st.mode & 0o7777n);
  const mtime = Number(st.mtimeNs / 1000n);
  const [uid, gid] = [Number(st.uid), Number(st.gid)];
  // A kernel file system mounted here: a folder of it is compared as an empty one, anything else not at all, as a special file.
  if (st.dev !== folder.dev && kernelFsAt(path)) return st.isDirectory() ? { name, mode, mtime, uid, gid, kind: 'dir', size: 0, blobs: async () => [], children: noChildren } : undefined;
  if (st.isFile()) {
    const { cache } = folder.walk;
    const at = cache ? cache.find(keyOf(folder, bytes), st) : -1;
    return new LiveFile(name, mode, mtime, Number(st.size), uid, gid, folder, bytes, at, at < 0 ? st : undefined);
  }
  if (st.isDirectory()) return new LiveDir(name, mode, mtime, uid, gid, { path, rel, key: keyOf(folder, bytes), dev: st.dev, walk: folder.walk });
  if (st.isSymbolicLink()) {
    const target = storedName(readlinkSync(path, { encoding: 'buffer' })).name;
    return { name, mode, mtime, uid, gid, kind: 'symlink', size: 0, target, blobs: async () => [], children: noChildren };
  }
  return undefined;
}

const keyOf = (folder: LiveFolder, bytes: string) => (folder.key ? `${folder.key}/${bytes}` : bytes);
const bytesOf = (path: string | Buffer) => (typeof path === 'string' ? Buffer.from(path, 'latin1') : path);

/**
 * A live file: small, since a diff holds one per file of a folder at once (100,000 entries of
 * closures, stat objects and path buffers were most of a diff's time in garbage collection). Its
 * blobs come from the stat cache when `at` found them there, else it is read and hashed.
 */
class LiveFile implements DiffEntry {
  readonly kind = 'file' as const;

  constructor(
    readonly name: string,
    readonly mode: number,
    readonly mtime: number,
    readonly size: number,
    readonly uid: number,
    readonly gid: number,
    private readonly folder: LiveFolder,
    /** Its name's bytes as latin1. */
    private readonly bytes: string,
    private readonly at: number,
    /** Its stat when not found in the cache: what the cache records with the ids it hashes to. */
    private readonly st: BigIntStats | undefined,
  ) {}

  async blobs(): Promise<string[]> {
    const { cache, read } = this.folder.walk;
    if (this.at >= 0) return cache!.idsAt(this.at);
    const ids = await read.blobs(Buffer.concat([bytesOf(this.folder.path), SLASH, Buffer.from(this.bytes, 'latin1')]), this.size);
    cache?.record(keyOf(this.folder, this.bytes), this.st!, ids);
    return ids;
  }

  children(): Promise<Map<string, DiffEntry>> {
    return noChildren();
  }
}

class LiveDir implements DiffEntry {
  readonly kind = 'dir' as const;
  readonly size = 0;

  constructor(
    readonly name: string,
    readonly mode: number,
    readonly mtime: number,
    readonly uid: number,
    readonly gid: number,
    private readonly folder: LiveFolder,
  ) {}

  async blobs(): Promise<string[]> {
    return [];
  }

  async children(): Promise<Map<string, DiffEntry>> {
    return childrenOf(this.folder);
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
