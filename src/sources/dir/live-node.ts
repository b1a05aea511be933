import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import { LiveHasher, type ContentHasher } from './live-hash.js';
import type { LiveStatCache } from './live-stat-cache.js';
import { noChildren, type DiffEntry } from '../diff-node.js';
import { storedName } from '../../vault/tree.js';

const SLASH = Buffer.from('/');

/** One walk of a live root: how files are hashed, through one reused buffer, and the stat cache if any. */
interface LiveWalk {
  root: Buffer;
  hasher: ContentHasher;
  read: LiveHasher;
  cache: LiveStatCache | undefined;
}

/**
 * A live directory on this machine as diff entries. File contents are cut and hashed exactly as
 * a backup would (same keyed chunker and ids), so equal content compares equal by blob ids; every
 * file of one walk is read through one LiveHasher's reused buffer (a fresh 8 MiB buffer per file
 * cost a diff of 100,000 small files minutes of garbage collection). With a stat cache, a file
 * whose stat is exactly as when it was last hashed costs its lstat alone (live-stat-cache.ts).
 */
export function liveChildren(path: Buffer, hasher: ContentHasher, cache?: LiveStatCache): Map<string, DiffEntry> {
  return childrenOf(path, '', '', { root: path, hasher, read: new LiveHasher(hasher), cache });
}

/**
 * `rel`: the folder's path as shown ("/"-joined names, for excludes); `key`: its bytes after the
 * root as latin1 (the stat cache's key: exact for any name, UTF-8 or not).
 */
function childrenOf(path: Buffer, rel: string, key: string, walk: LiveWalk): Map<string, DiffEntry> {
  const out = new Map<string, DiffEntry>();
  for (const raw of readdirSync(path, { encoding: 'buffer' })) {
    const bytes = raw.toString('latin1');
    // A name of ASCII bytes reads the same as latin1 and UTF-8: one string, no check by round trip.
    const name = isAscii(raw) ? bytes : storedName(raw).name;
    const childRel = rel ? `${rel}/${name}` : name;
    if (walk.hasher.excluded(childRel)) continue;
    const entry = liveEntry(Buffer.concat([path, SLASH, raw]), name, childRel, key ? `${key}/${bytes}` : bytes, walk);
    if (entry) out.set(bytes, entry); // the name's bytes as latin1, as tree-node.ts keys a snapshot's
  }
  return out;
}

function liveEntry(path: Buffer, name: string, rel: string, key: string, walk: LiveWalk): DiffEntry | undefined {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!st) return undefined;
  const mode = Number(st.mode & 0o7777n);
  const mtime = Number(st.mtimeNs / 1000n);
  if (st.isFile()) {
    const at = walk.cache ? walk.cache.find(key, st) : -1;
    return new LiveFile(name, mode, mtime, Number(st.size), key, walk, at, at < 0 ? st : undefined);
  }
  if (st.isDirectory()) return new LiveDir(name, mode, mtime, path, rel, key, walk);
  if (st.isSymbolicLink()) {
    const target = storedName(readlinkSync(path, { encoding: 'buffer' })).name;
    return { name, mode, mtime, kind: 'symlink', size: 0, target, blobs: async () => [], children: noChildren };
  }
  return undefined;
}

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
    private readonly key: string,
    private readonly walk: LiveWalk,
    private readonly at: number,
    /** Its stat when not found in the cache: what the cache records with the ids it hashes to. */
    private readonly st: BigIntStats | undefined,
  ) {}

  async blobs(): Promise<string[]> {
    const { cache, read, root } = this.walk;
    if (this.at >= 0) return cache!.idsAt(this.at);
    const ids = await read.blobs(Buffer.concat([root, SLASH, Buffer.from(this.key, 'latin1')]), this.size);
    cache?.record(this.key, this.st!, ids);
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
    private readonly path: Buffer,
    private readonly rel: string,
    private readonly key: string,
    private readonly walk: LiveWalk,
  ) {}

  async blobs(): Promise<string[]> {
    return [];
  }

  async children(): Promise<Map<string, DiffEntry>> {
    return childrenOf(this.path, this.rel, this.key, this.walk);
  }
}

function isAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}
