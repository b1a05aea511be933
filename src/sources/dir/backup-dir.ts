import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fsp, readdirSync, readlinkSync, readSync, type BigIntStats } from 'node:fs';
import type { BackupContext } from '../blob-sink.js';
import { chunkFile } from '../chunk-stream.js';
import type { TreeEntry } from '../../vault/tree.js';
import { BulkheadError } from '../../util/errors.js';
import { formatBytes } from '../../util/bytes.js';
import { MAX_TREE_BLOB } from '../../vault/blob-codec.js';
import type { FileCache } from './file-cache.js';
import { EXCLUDE_MEANING, excludeMatcher } from './exclude-globs.js';
import { dirEntry, encodeEntries, fileEntry, nameOf, symlinkEntry, type Named } from './tree-entries.js';

export interface DirBackupOptions {
  root: string;
  excludes: readonly string[];
  cache: FileCache;
  /**
   * false: entries record no owner. A git mirror's files belong to whoever runs the agent (its
   * cache), not to the repository; given back by a restore as root, a restored repository
   * belonged to the agent's user.
   */
  owners?: boolean;
  /** The largest folder listing kept (at most MAX_TREE_BLOB, what readers take); a larger folder below the root is left unread. Lowered by tests that prove the bound. */
  listingMost?: number;
}

const SLASH = Buffer.from('/');
/**
 * What a tree entry records, for the folder records of the file cache (see backupDir): changed when
 * entries gain a field (owners, then hard-link groups), so a folder's tree from before is encoded again.
 */
const TREE_ENTRIES = 'entries with owners and link groups';
const READ_BYTES = 8 * 1024 * 1024;
/** Errors that leave one entry out of the snapshot, not the whole source: each is recorded as unread. */
const UNREADABLE: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'I/O error',
  // folders nested past PATH_MAX (anyone who can write there makes them, a step at a time): the
  // error ended the whole run, every source's backup, no snapshot at all
  ENAMETOOLONG: 'its path is longer than this system lets a program open (PATH_MAX)',
};

/**
 * The holes (a file's size past the blocks it has on disk) one backup of a source reads. Node
 * cannot seek past a hole (no SEEK_DATA), so holes are read as zeros: anyone who can write into a
 * backed-up folder makes a file of a terabyte with `truncate -s 1T` (XFS allows exabytes), and the
 * nightly backup read it for hours. A file that would pass this is left unread, and says why.
 */
export const HOLE_BUDGET = 2 ** 40;

/** A file left out of the snapshot on purpose: recorded as unread with this reason. */
class LeftUnread extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * A sink that has copied (or packed) a blob by the time add() resolves, as the vault writer does:
 * the walker may then read every file into the same two buffers instead of a fresh one per file
 * and per 8 MiB read, which was garbage that glibc's arenas kept (#14).
 */
const copiesBlobs = (sink: BackupContext['sink']): boolean => (sink as { copiesBlobs?: boolean }).copiesBlobs === true;

/**
 * A path as a string while every name on it is valid UTF-8 (the string's UTF-8 is then the exact
 * bytes, and costs no Buffer per entry), as bytes below a name that is not.
 */
type FsPath = string | Buffer;
const childPath = (dir: FsPath, raw: Buffer, name: string, rawName: string | undefined): FsPath =>
  typeof dir === 'string' && rawName === undefined ? `${dir}/${name}` : Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, SLASH, raw]);

/**
 * Walks a directory with exact name bytes, stores each file's chunks and each directory as a
 * canonical tree blob, bottom-up. Returns the root tree id. Metadata calls and small-file reads
 * are synchronous: with tens of thousands of small files, a thread-pool round trip per call costs
 * more than the call (docs/PERFORMANCE.md); large files stream asynchronously. A file the cache
 * knows unchanged costs one lstat and no promise.
 */
export async function backupDir(ctx: BackupContext, opts: DirBackupOptions): Promise<{ root: string; mode: number; mtime: number; uid?: number; gid?: number }> {
  const st = await fsp.stat(opts.root, { bigint: true }).catch(() => undefined);
  if (!st?.isDirectory()) throw new BulkheadError('SOURCE_FAILED', `${opts.root} is not a directory this agent can read`);
  const excluded = excludeMatcher(opts.excludes);
  // A folder's recorded tree is reused only under the same excludes, meant the same way, and the same
  // tree entries: the salt names what entries hold (owners, link groups), so a cache of older trees encodes them again.
  const entries = opts.owners === false ? `${TREE_ENTRIES}, none recorded` : TREE_ENTRIES;
  const walker = new Walker(ctx, opts.cache, excluded, BigInt(`0x${createHash('sha256').update(`${entries}\n${EXCLUDE_MEANING}\n${JSON.stringify(opts.excludes)}`).digest('hex').slice(0, 8)}`), opts.owners !== false, Math.min(opts.listingMost ?? MAX_TREE_BLOB, MAX_TREE_BLOB));
  const { id: root } = await walker.dir(opts.root, '', st);
  return { root, mode: Number(st.mode & 0o7777n), mtime: Number(st.mtimeNs / 1000n), ...(opts.owners !== false && { uid: Number(st.uid), gid: Number(st.gid) }) };
}

/**
 * A folder's record in the file cache: its own stat, the excludes it was walked with and its number
 * of entries (in the size field) and its tree id. Ends with "/", which no file's path does, and sorts after everything in
 * the folder, where the walk asks for it (file-cache.ts walksBefore).
 */
const folderKey = (rel: string): string => (rel ? `${rel}/\uffff/` : '\uffff/');

class Walker {
  /** Reused read buffers (small files; chunks of large ones), when the sink copies what it is given. */
  readonly #scratch: { small: Buffer; large: Buffer } | undefined;
  /** Holes read so far by this source's backup (HOLE_BUDGET). */
  #holes = 0;

  constructor(
    private readonly ctx: BackupContext,
    private readonly cache: FileCache,
    private readonly excluded: (path: string) => boolean,
    /** What the excludes were (32 bits of a hash): a folder's tree is reused only under the same ones. */
    private readonly excludesKey: bigint,
    private readonly owners: boolean,
    private readonly listingMost: number,
  ) {
    const { min, max } = ctx.sink.chunker.params;
    if (copiesBlobs(ctx.sink)) this.#scratch = { small: Buffer.allocUnsafeSlow(min), large: Buffer.allocUnsafeSlow(max + READ_BYTES) };
  }

  /**
   * A folder's tree id, and whether its entry in its parent's tree is as the cache last recorded it.
   * A folder whose own stat is as recorded (any name added, removed or renamed changes its mtime;
   * chmod its ctime) and whose every entry is (files the cache knows unchanged, folders likewise)
   * has the tree recorded then: its id is reused, not encoded and hashed again. A folder with a
   * symlink, a file read again or anything skipped is encoded.
   */
  async dir(path: FsPath, rel: string, own: BigIntStats): Promise<{ id: string; clean: boolean }> {
    const warnings = this.ctx.stats.warnings.length;
    const { files, dirs, bytes } = this.ctx.stats;
    const counted = { files, dirs, bytes };
    const dirents = readdirSync(path, { encoding: 'buffer', withFileTypes: true }).sort((a, b) => Buffer.compare(a.name, b.name));
    const entries: TreeEntry[] = [];
    let clean = true;
    for (const dirent of dirents) {
      const raw = dirent.name;
      const named = nameOf(raw);
      const childRel = rel ? `${rel}/${named.name}` : named.name;
      if (this.excluded(childRel)) continue;
      const child = childPath(path, raw, named.name, named.rawName);
      let st: BigIntStats | undefined;
      if (dirent.isFile() && this.cache.has(childRel)) {
        st = lstatSync(child, { bigint: true, throwIfNoEntry: false });
        const blobs = st?.isFile() ? this.#unchanged(childRel, st) : undefined;
        if (blobs) {
          entries.push(fileEntry(named, st!, Number(st!.size), blobs));
          continue;
        }
      }
      const read = dirent.isFile() && !st ? this.openRead(child) : undefined;
      const walked = { clean: false };
      const entry = await (read ? this.readFile(child, childRel, named, read) : this.entry(child, childRel, named, st, walked)).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') {
          this.ctx.stats.warnings.push(`skipped ${childRel}: vanished during backup`); // no longer part of the state
          return undefined;
        }
        const reason = e instanceof LeftUnread ? e.reason : e.code ? UNREADABLE[e.code] : undefined;
        if (!reason) throw e;
        // It exists and is not in the snapshot: recorded, so the backup, posture and a restore say so.
        this.ctx.stats.unread.push({ path: childRel, reason });
        this.ctx.stats.warnings.push(`skipped ${childRel}: ${reason}`);
        return undefined;
      });
      clean &&= walked.clean;
      if (entry) entries.push(entry);
    }
    this.ctx.stats.dirs++;
    const key = folderKey(rel);
    // Entries counted too: a name removed without the folder's times moving (a file system that
    // does not keep them) is then still noticed; added or renamed ones are files the cache does not know.
    const now = { size: (this.excludesKey << 32n) | BigInt(entries.length), mtimeNs: own.mtimeNs, ctimeNs: own.ctimeNs, ino: own.ino };
    const known = this.cache.lookup(key, now);
    if (clean && known?.length === 1 && this.ctx.sink.reuse(known[0]!)) {
      this.cache.keep(key);
      return { id: known[0]!, clean: true };
    }
    if (!this.owners) for (const e of entries) [e.uid, e.gid] = [undefined, undefined]; // left out by the encoding
    const listing = encodeEntries(entries);
    // A folder below the root whose listing no reader takes (anyone who can write there makes 400,000
    // empty files of long names) is left unread, not the whole source failed with it.
    if (rel && listing.length > this.listingMost) {
      Object.assign(this.ctx.stats, counted); // what the snapshot claims is what its trees hold
      throw new LeftUnread(`a folder of ${entries.length} entries whose listing takes ${formatBytes(listing.length)}, more than the ${formatBytes(this.listingMost)} a tree may hold (split it, or --exclude part of it)`);
    }
    const id = await this.ctx.sink.add('tree', listing);
    if (this.ctx.stats.warnings.length === warnings) this.cache.record(key, now, [id]);
    return { id, clean: known?.length === 1 && known[0] === id };
  }

  /** Counts a file's holes against HOLE_BUDGET before it is read; past it, the file is left unread. */
  #readHoles(st: BigIntStats): void {
    // st.blocks under-reports a file a compressing file system (ZFS, btrfs) stores small: counted as holes too.
    const holes = Number(st.size) - Number(st.blocks) * 512;
    if (holes <= 0) return;
    if (this.#holes + holes > HOLE_BUDGET) {
      this.ctx.stats.files--; // counted as it was reached: it is not in the snapshot
      throw new LeftUnread(`sparse: ${formatBytes(Number(st.size))} with ${formatBytes(Number(st.blocks) * 512)} on disk; its holes would pass the ${formatBytes(HOLE_BUDGET)} of holes a backup reads per source (read as zeros: minutes a TiB)`);
    }
    this.#holes += holes;
  }

  /** The blobs of a file the cache knows, when it looks as it did and they are all still stored. */
  #unchanged(rel: string, st: BigIntStats): string[] | undefined {
    const known = this.cache.lookup(rel, st);
    if (!known || !known.every((id) => this.ctx.sink.reuse(id))) return undefined;
    this.cache.keep(rel);
    this.ctx.stats.files++;
    this.ctx.stats.bytes += Number(st.size);
    return known;
  }

  /**
   * A new regular file: open it and fstat the descriptor instead of lstat then open (one syscall
   * less per file, which counts with tens of thousands of them). undefined: not a plain file after all.
   */
  openRead(path: FsPath): { st: BigIntStats; bytes?: Buffer } | undefined {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return undefined; // vanished or a symlink by now: entry() will say which
    }
    try {
      const st = fstatSync(fd, { bigint: true });
      if (!st.isFile()) return undefined;
      if (Number(st.size) > this.ctx.sink.chunker.params.min) return { st };
      const size = Number(st.size);
      return { st, bytes: readAll(fd, this.#scratch ? this.#scratch.small.subarray(0, size) : Buffer.allocUnsafeSlow(size)) };
    } finally {
      closeSync(fd);
    }
  }

  async readFile(path: FsPath, rel: string, named: Named, read: { st: BigIntStats; bytes?: Buffer }): Promise<TreeEntry> {
    const { size, blobs } = await this.file(path, rel, read.st, read.bytes);
    return fileEntry(named, read.st, size, blobs);
  }

  /** Any entry, from its lstat (taken here unless the caller has it); a folder says in `walked` whether it is as recorded. */
  async entry(path: FsPath, rel: string, named: Named, stat?: BigIntStats, walked?: { clean: boolean }): Promise<TreeEntry | undefined> {
    const st = stat ?? lstatSync(path, { bigint: true });
    if (st.isDirectory()) {
      const sub = await this.dir(path, rel, st);
      if (walked) walked.clean = sub.clean;
      return dirEntry(named, st, sub.id);
    }
    if (st.isSymbolicLink()) return symlinkEntry(named, st, readlinkSync(path, { encoding: 'buffer' }));
    if (st.isFile()) {
      const { size, blobs } = await this.file(path, rel, st);
      return fileEntry(named, st, size, blobs);
    }
    this.ctx.stats.warnings.push(`skipped ${rel}: not a regular file, directory or symlink`);
    return undefined;
  }

  /**
   * Size is what was read, not what lstat said: a file may shrink while it is read. It is read up
   * to its lstat size at most, as tar does: a file appended to faster than the agent reads (a busy
   * log, or a writer stalling every backup on purpose) is kept as it was when the walk reached it.
   */
  async file(path: FsPath, rel: string, st: BigIntStats, small?: Buffer): Promise<{ size: number; blobs: string[] }> {
    const { stats, sink } = this.ctx;
    const expected = Number(st.size);
    const known = this.cache.lookup(rel, st);
    stats.files++;
    if (known && known.every((id) => sink.reuse(id))) {
      this.cache.keep(rel);
      stats.bytes += expected;
      return { size: expected, blobs: known };
    }
    this.#readHoles(st);
    let size = 0;
    let blobs: string[];
    if (small || expected <= sink.chunker.params.min) {
      let bytes = small ?? readUpTo(path, expected + 1); // one byte more says it grew since its lstat
      if (bytes.length > expected) {
        bytes = bytes.subarray(0, expected);
        stats.warnings.push(grewNote(rel, expected));
      }
      size = bytes.length;
      // A literal, not push(): an array grown by push keeps room for 17 ids (7 MB over the bench's 48k files).
      blobs = [await sink.add('data', bytes)];
    } else {
      blobs = [];
      const fd = await fsp.open(path, 'r');
      try {
        for await (const chunk of chunkFile(sink.chunker, fd, READ_BYTES, this.#scratch?.large, expected)) {
          size += chunk.length;
          blobs.push(await sink.add('data', chunk));
          this.ctx.progress({ phase: 'backup', done: stats.bytesRead + size, unit: 'bytes', detail: rel });
        }
        const now = Number((await fd.stat()).size);
        if (size === expected && now > expected) stats.warnings.push(grewNote(rel, expected, now));
      } finally {
        await fd.close();
      }
    }
    stats.bytesRead += size;
    stats.bytes += size;
    if (size === expected) this.cache.record(rel, st, blobs);
    return { size, blobs };
  }
}

/** At most `most` bytes of a small file, read at once. */
function readUpTo(path: FsPath, most: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    return readAll(fd, Buffer.allocUnsafeSlow(most));
  } finally {
    closeSync(fd);
  }
}

/** Fills `bytes` from fd's position (less at the file's end: then the part read). */
function readAll(fd: number, bytes: Buffer): Buffer {
  let got = 0;
  for (let n = 1; n > 0 && got < bytes.length; got += n) n = readSync(fd, bytes, got, bytes.length - got, null);
  return got === bytes.length ? bytes : bytes.subarray(0, got);
}

const grewNote = (rel: string, kept: number, now?: number) => `${rel} grew while it was read${now ? ` (to ${now} bytes)` : ''}: kept the ${kept} bytes it had when the backup reached it`;
