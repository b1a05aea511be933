import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';

/** What identifies a file's content without reading it: unchanged size, times and inode mean unchanged bytes. */
export interface FileStat {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

const MAGIC = Buffer.from('BHFILES1\n');
const ID_BYTES = 32;
/** u16 path length, then size, mtime, ctime, inode (u64 each) and the blob count (u32). */
const FIXED = 2 + 4 * 8 + 4;
/** A path longer than this is not cached (it is read again each time): Linux's PATH_MAX is 4096. */
const MOST_PATH = 0xffff;

/**
 * The agent-side cache that makes a day-2 backup cost a walk, not a re-read: a file whose size,
 * mtime, ctime and inode are unchanged reuses its blobs. Losing it costs time, never data.
 *
 * Binary, and read lazily: the file is kept as it was read, with the offset of each path's
 * record, and a record is decoded only when its file is looked up. As JSON (one object and four
 * strings per file), loading and saving the cache of 48k files cost ~0.4–1 s of CPU and much of
 * an unchanged backup's garbage collection (#14). The next cache is written as the walk records,
 * straight into one growing buffer.
 */
export class FileCache {
  readonly #previous: Map<string, number>;
  #next = Buffer.allocUnsafe(64 * 1024);
  #used = MAGIC.copy(this.#next);

  private constructor(
    private readonly path: string | undefined,
    private readonly bytes: Buffer,
    previous: Map<string, number>,
  ) {
    this.#previous = previous;
  }

  /** A source's cache in the agent's cache folder (an older version's `<name>.json` is left unread: one re-read). */
  static forSource(cacheDir: string, name: string): Promise<FileCache> {
    return FileCache.load(join(cacheDir, 'files', `${name}.bin`));
  }

  static async load(path: string | undefined): Promise<FileCache> {
    const bytes = path ? await fsp.readFile(path).catch(() => undefined) : undefined;
    return new FileCache(path, bytes ?? Buffer.alloc(0), (bytes && offsets(bytes)) ?? new Map());
  }

  has(relPath: string): boolean {
    return this.#previous.has(relPath);
  }

  /** The blobs this file was cut into when it was last read, if it looks the same now. */
  lookup(relPath: string, now: FileStat): string[] | undefined {
    const start = this.#previous.get(relPath);
    if (start === undefined) return undefined;
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
    const start = this.#previous.get(relPath);
    if (start === undefined) return;
    const b = this.bytes;
    const at = start + 2 + b.readUInt16LE(start);
    const end = at + FIXED - 2 + b.readUInt32LE(at + 32) * ID_BYTES;
    this.#room(end - start);
    this.#used += b.copy(this.#next, this.#used, start, end);
  }

  /** Remembers a file read in this backup, for the next one. */
  record(relPath: string, now: FileStat, blobs: readonly string[]): void {
    const length = Buffer.byteLength(relPath);
    if (length > MOST_PATH) return;
    this.#room(FIXED + length + blobs.length * ID_BYTES);
    const b = this.#next;
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
    this.#used = o;
  }

  /** Written only after the snapshot is committed, so it never names blobs that were not stored. */
  async save(): Promise<void> {
    if (!this.path) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await fsp.writeFile(tmp, this.#next.subarray(0, this.#used), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
    if (this.path.endsWith('.bin')) await fsp.rm(this.path.replace(/\.bin$/, '.json'), { force: true }); // an older version's form
  }

  #room(bytes: number): void {
    if (this.#used + bytes <= this.#next.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#next.length * 2, this.#used + bytes));
    this.#next.copy(grown, 0, 0, this.#used);
    this.#next = grown;
  }
}

/**
 * Where each path's record starts, or undefined for a file this version did not
 * write or that is cut short: then the cache starts empty. A path recorded twice (a mirror stored
 * again after git-lfs fetched) counts as its last record.
 */
function offsets(bytes: Buffer): Map<string, number> | undefined {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const at = new Map<string, number>();
  let o = MAGIC.length;
  while (o < bytes.length) {
    if (o + 2 > bytes.length) return undefined;
    const nameEnd = o + 2 + bytes.readUInt16LE(o);
    if (nameEnd + FIXED - 2 > bytes.length) return undefined;
    const end = nameEnd + FIXED - 2 + bytes.readUInt32LE(nameEnd + 32) * ID_BYTES;
    if (end > bytes.length) return undefined;
    at.set(bytes.toString('utf8', o + 2, nameEnd), o);
    o = end;
  }
  return at;
}
