import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';

/** What identifies a file's content without reading it: unchanged size, times and inode mean unchanged bytes. */
export interface FileStat {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

/** Records in any order, a path perhaps twice (the last counts). */
const MAGIC = Buffer.from('BHFILES1\n');
/** The same records in walk order, each path once (PathIndex). */
const WALKED = Buffer.from('BHFILES2\n');
const ID_BYTES = 32;
/** u16 path length, then size, mtime, ctime, inode (u64 each) and the blob count (u32). */
const FIXED = 2 + 4 * 8 + 4;
/** A path longer than this is not cached (it is read again each time): Linux's PATH_MAX is 4096. */
const MOST_PATH = 0xffff;

/**
 * The agent-side cache that makes a day-2 backup cost a walk, not a re-read: a file whose size,
 * mtime, ctime and inode are unchanged reuses its blobs. Losing it costs time, never data.
 *
 * Binary, and read lazily: the file is kept as it was read, a record is decoded only when its
 * file is looked up, and a path is found by where the walk is (PathIndex), not through a Map of
 * every path. As JSON (one object and four strings per file), loading and saving the cache of 48k
 * files cost ~0.4–1 s of CPU (#14). The next cache is written as the walk records: new records
 * into buffers of their own, records kept as they were as views of the file as read, in runs
 * (nothing copied; and when one run is all of it, the file is not written again).
 */
export class FileCache {
  readonly #index: PathIndex;
  /** The next cache, in pieces written out in order: runs of the file as read, and new records. */
  readonly #parts: Buffer[] = [];
  /** New records go here; [#freshStart, #used) is not among the parts yet. */
  #fresh = Buffer.allocUnsafe(64 * 1024);
  #freshStart = 0;
  #used = 0;
  /** Records kept but not yet among the parts: [start, end) of the file as read, one run. */
  #runStart = 0;
  #runEnd = 0;
  /** Whether what is written so far is in walk order, each path once; the last path written. */
  #walked = true;
  #lastWritten: string | undefined;

  private constructor(
    private readonly path: string | undefined,
    private readonly bytes: Buffer,
  ) {
    const read = recordStarts(bytes);
    this.#index = new PathIndex(bytes, read?.starts ?? [], read?.walked ?? false);
  }

  /** A source's cache in the agent's cache folder (an older version's `<name>.json` is left unread: one re-read). */
  static forSource(cacheDir: string, name: string): Promise<FileCache> {
    return FileCache.load(join(cacheDir, 'files', `${name}.bin`));
  }

  static async load(path: string | undefined): Promise<FileCache> {
    const bytes = path ? await fsp.readFile(path).catch(() => undefined) : undefined;
    return new FileCache(path, bytes ?? Buffer.alloc(0));
  }

  has(relPath: string): boolean {
    return this.#index.find(relPath) >= 0;
  }

  /** The blobs this file was cut into when it was last read, if it looks the same now. */
  lookup(relPath: string, now: FileStat): string[] | undefined {
    const start = this.#index.find(relPath);
    if (start < 0) return undefined;
    const b = this.bytes;
    const at = start + 2 + b.readUInt16LE(start);
    if (b.readBigUInt64LE(at) !== now.size || b.readBigUInt64LE(at + 8) !== now.mtimeNs || b.readBigUInt64LE(at + 16) !== now.ctimeNs || b.readBigUInt64LE(at + 24) !== now.ino) return undefined;
    const count = b.readUInt32LE(at + 32);
    const blobs = new Array<string>(count);
    for (let i = 0, o = at + 36; i < count; i++, o += ID_BYTES) blobs[i] = b.toString('hex', o, o + ID_BYTES);
    return blobs;
  }

  /** Remembers a file whose lookup() matched, as it was: its record copied, nothing encoded again. */
  keep(relPath: string): void {
    const start = this.#index.find(relPath);
    if (start < 0) return;
    const b = this.bytes;
    const at = start + 2 + b.readUInt16LE(start);
    const end = at + FIXED - 2 + b.readUInt32LE(at + 32) * ID_BYTES;
    // The next record of a walked cache follows the last one in walk order; any other is checked.
    if (start !== this.#runEnd) {
      this.#flush();
      this.#runStart = start;
      this.#ordered(relPath);
    } else if (!this.#index.walked) this.#ordered(relPath);
    this.#lastWritten = relPath;
    this.#runEnd = end;
  }

  /** Remembers a file read in this backup, for the next one. */
  record(relPath: string, now: FileStat, blobs: readonly string[]): void {
    const length = Buffer.byteLength(relPath);
    if (length > MOST_PATH) return;
    this.#flush();
    this.#room(FIXED + length + blobs.length * ID_BYTES);
    const b = this.#fresh;
    let o = b.writeUInt16LE(length, this.#used);
    o += b.write(relPath, o, length, 'utf8');
    o = b.writeBigUInt64LE(now.size, o);
    o = b.writeBigUInt64LE(now.mtimeNs, o);
    o = b.writeBigUInt64LE(now.ctimeNs, o);
    o = b.writeBigUInt64LE(now.ino, o);
    o = b.writeUInt32LE(blobs.length, o);
    for (const id of blobs) {
      if (id.length !== 2 * ID_BYTES || b.write(id, o, ID_BYTES, 'hex') !== ID_BYTES) return; // not a blob id: not cached (read again next time)
      o += ID_BYTES;
    }
    this.#ordered(relPath);
    this.#lastWritten = relPath;
    this.#used = o;
  }

  /** Written only after the snapshot is committed, so it never names blobs that were not stored. */
  async save(): Promise<void> {
    if (!this.path) return;
    this.#flush();
    this.#freshPart();
    const magic = this.#walked ? WALKED : MAGIC;
    // Every record kept as it was, in one run: the file as read (an unchanged tree) is not written again.
    const whole = this.#parts[0];
    const same = this.#parts.length === 1 && whole!.buffer === this.bytes.buffer && whole!.byteOffset === this.bytes.byteOffset + magic.length && whole!.length === this.bytes.length - magic.length && this.bytes.subarray(0, magic.length).equals(magic);
    if (!same) {
      await fsp.mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.tmp`;
      await fsp.writeFile(tmp, [magic, ...this.#parts], { mode: 0o600 });
      await fsp.rename(tmp, this.path);
    }
    if (this.path.endsWith('.bin')) await fsp.rm(this.path.replace(/\.bin$/, '.json'), { force: true }); // an older version's form
  }

  #ordered(relPath: string): void {
    if (this.#walked && this.#lastWritten !== undefined && !walksBefore(this.#lastWritten, relPath)) this.#walked = false;
  }

  /** The pending run of kept records joins the parts, as a view of the file as read (nothing copied). */
  #flush(): void {
    if (this.#runEnd === this.#runStart) return;
    this.#freshPart();
    this.#parts.push(this.bytes.subarray(this.#runStart, this.#runEnd));
    this.#runStart = this.#runEnd = 0;
  }

  #freshPart(): void {
    if (this.#used > this.#freshStart) this.#parts.push(this.#fresh.subarray(this.#freshStart, this.#used));
    this.#freshStart = this.#used;
  }

  #room(bytes: number): void {
    if (this.#used + bytes <= this.#fresh.length) return;
    this.#freshPart();
    this.#fresh = Buffer.allocUnsafe(Math.max(64 * 1024, bytes));
    this.#freshStart = this.#used = 0;
  }
}

/**
 * Where each record starts, and whether the file is in walk order; undefined for a file this
 * version did not write or that is cut short: then the cache starts empty.
 */
function recordStarts(bytes: Buffer): { starts: number[]; walked: boolean } | undefined {
  if (bytes.length < MAGIC.length) return undefined;
  const magic = bytes.subarray(0, MAGIC.length);
  const walked = magic.equals(WALKED);
  if (!walked && !magic.equals(MAGIC)) return undefined;
  const starts: number[] = [];
  let o = MAGIC.length;
  while (o < bytes.length) {
    if (o + 2 > bytes.length) return undefined;
    const nameEnd = o + 2 + bytes.readUInt16LE(o);
    if (nameEnd + FIXED - 2 > bytes.length) return undefined;
    const end = nameEnd + FIXED - 2 + bytes.readUInt32LE(nameEnd + 32) * ID_BYTES;
    if (end > bytes.length) return undefined;
    starts.push(o);
    o = end;
  }
  return { starts, walked };
}

/**
 * Whether a walk (backup-dir.ts: depth first, each folder's names in byte order) meets file `a`
 * before file `b`, for names whose UTF-16 order is their byte order (all but a few: astral
 * characters, names that are not UTF-8; for those the answer may be wrong, which costs a re-read).
 */
export function walksBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca === SLASH) return true; // a's name ends where b's goes on: a's name sorts first
  if (cb === SLASH) return false;
  return ca < cb;
}

const SLASH = 0x2f;
/** Records tried past the cursor (files deleted since the cache was written) before the table is asked. */
const LOOK_AHEAD = 8;

/**
 * Path → record start. In a cache written in walk order, each path once (WALKED), a walk asks for
 * the records in the order they are: the record at a cursor is tried first (a few ahead too:
 * files deleted since), which costs one decoded path per record, and a path the walk order puts
 * before one of those (the walk going forward) is new. Anything else (a cache of another order; a mirror stored twice in one
 * backup) asks a Map of every path, built on first need: building it cost ~0.1 s of every backup
 * of 48k files (#14). In the Map a path recorded twice finds its last record.
 */
class PathIndex {
  #cursor = 0;
  #cursorPath: string | undefined;
  #table: Map<string, number> | undefined;
  #lastPath: string | undefined;
  #lastAt = -1;

  constructor(
    private readonly bytes: Buffer,
    private readonly starts: readonly number[],
    /** Written in walk order, each path once. */
    readonly walked: boolean,
  ) {}

  /** The start of this path's record, or -1. */
  find(path: string): number {
    const previous = this.#lastPath;
    if (path === previous) return this.#lastAt; // has(), lookup() and keep() ask for one path in a row
    this.#lastPath = path;
    const i = this.walked ? this.#walk(path, previous) : this.#lookUp(path);
    return (this.#lastAt = i < 0 ? -1 : this.starts[i]!);
  }

  /** The index of this path's record, or -1. */
  #walk(path: string, previous: string | undefined): number {
    // The walk went back (a second walk of the same folder): the table knows.
    if (previous !== undefined && !walksBefore(previous, path)) return this.#lookUp(path);
    for (let i = this.#cursor; i < this.starts.length && i <= this.#cursor + LOOK_AHEAD; i++) {
      const here = this.#pathAt(i);
      if (here === path) return this.#move(i);
      if (walksBefore(path, here)) {
        // New: it would sit before record i, and the records before i were passed (deleted since).
        if (i > this.#cursor) this.#move(i - 1);
        return -1;
      }
    }
    return this.#lookUp(path);
  }

  #lookUp(path: string): number {
    this.#table ??= this.#buildTable();
    const i = this.#table.get(path);
    return i === undefined ? -1 : this.#move(i);
  }

  #move(i: number): number {
    this.#cursor = i + 1;
    this.#cursorPath = undefined;
    return i;
  }

  #pathAt(i: number): string {
    if (i === this.#cursor && this.#cursorPath !== undefined) return this.#cursorPath;
    const start = this.starts[i]!;
    const path = this.bytes.toString('utf8', start + 2, start + 2 + this.bytes.readUInt16LE(start));
    if (i === this.#cursor) this.#cursorPath = path;
    return path;
  }

  #buildTable(): Map<string, number> {
    const table = new Map<string, number>();
    for (let i = 0; i < this.starts.length; i++) table.set(this.#pathAt(i), i);
    return table;
  }
}
