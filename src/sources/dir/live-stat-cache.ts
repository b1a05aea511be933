import { randomBytes } from 'node:crypto';
import { promises as fsp, type BigIntStats } from 'node:fs';
import { dirname } from 'node:path';
import { openInto, sealParts } from '../../crypto/aead.js';

/** Inside the sealed box: the format, then sections (one per live root), the most recent first. */
const MAGIC = Buffer.from('BHLIVE01');
const ID_BYTES = 32;
/** A record: u16 path length, the path, then dev, ino, size, mtime ns, ctime ns (u64 each), mode and blob count (u32 each), the ids. */
const FIXED = 2 + 5 * 8 + 4 + 4;
/** Past Linux's PATH_MAX a path is not one of a live walk's; such a file is hashed each time. */
const MOST_PATH = 0xffff;
/**
 * The bound: at most this many files, or this many bytes (sealed), over all roots; the root just
 * walked first, then the others the most recently walked first, each whole or not at all. A
 * million small files is ~120 MB; past the bound a file is simply hashed again next time.
 */
export const MOST_RECORDS = 1_000_000;
export const MOST_BYTES = 128 * 1024 * 1024;
/** Records after the expected one a lookup tries (files deleted since the last walk). */
const LOOK_AHEAD = 8;
/**
 * Paths not found in the last walk's order before the map of every path is built: each costs at
 * most one file hashed again needlessly (one met out of order), the map ~0.1 s for 100,000 files.
 */
export const MOST_STRAYS = 256;
/** Sealed in pieces of this size (aead.ts: one update over megabytes is several times slower). */
const PIECE = 64 * 1024;
/**
 * Git's "racy clean" case. A file is cached only if both its ctime and mtime are older than the
 * moment hashing started, in the coarsest timestamps a file system keeps: a write that follows
 * the read in the same tick of a coarse clock (FAT keeps 2 s, ext3 1 s, the kernel's clock a
 * tick) could leave every stat field as it was. Any write after the walk's start is stamped at
 * least (start − this margin), so a file whose times are both before that moment cannot change
 * again without a later ctime. A file written in the last few seconds is hashed every time.
 */
export const RACY_MARGIN_NS = 3_000_000_000n;

/**
 * The operator's stat cache of live file hashes (what git's index does for `git status`), so that
 * a diff against the live tree costs an unchanged file one lstat instead of open, read, close and
 * cutting and hashing it. A record is used only while every stat field a process cannot set back
 * is the same: ctime (ns), inode and device, along with size, mtime (ns) and mode; its value is the
 * blob ids the file hashed to under one vault's keyed chunker and ids. The whole file is sealed
 * under a key only the unlocked identity derives, bound to the vault's hashing (paths and hashes
 * of live files are sensitive); a file that does not open (damaged, another identity's, another
 * vault's) is ignored and written anew.
 */
export class LiveStatCache {
  /**
   * Where this root's records start in the file, in the order the last walk looked them up (each
   * folder's readdir order, folders in the diff's order: an unchanged tree repeats it). A lookup
   * tries the records after the last one found; only many out of that order build #byPath.
   */
  readonly #starts: number[] = [];
  #cursor = 0;
  #byPath: Map<string, number> | undefined;
  /** Paths not found in order so far (new files, or files met in another order). */
  #strays = 0;
  /** Records found (by index in #starts): each is kept once. */
  #found: Uint8Array = new Uint8Array(0);
  #left = 0;
  /** A path's bytes, to compare with a record's in place. */
  #scratch = Buffer.alloc(1024);
  /** Other roots' sections as read, to write back unless the bound drops them. */
  readonly #others: Buffer[] = [];
  /**
   * This root's next records, in the order the walk looked files up (the order the next walk will,
   * if the tree is the same): the ones found still valid (views of #plain), and the ones hashed now
   * in the place their lookup held for them (#pending; empty if the diff never hashed that file).
   */
  readonly #next: (Buffer | undefined)[] = [];
  readonly #pending = new Map<string, number>();
  #records = 0;
  #bytes = 0;
  #fresh = 0;
  #foundOld = 0;

  private constructor(
    private readonly path: string | undefined,
    private readonly key: Buffer,
    private readonly ad: string,
    private readonly root: Buffer,
    /** Files whose ctime or mtime is at or after this (ns since the epoch) are not cached. */
    readonly racyFrom: bigint,
    private readonly plain: Buffer,
  ) {
    for (const section of sections(plain) ?? []) {
      if (section.root.equals(root)) this.#starts = section.records;
      else this.#others.push(section.whole);
    }
    this.#found = new Uint8Array(this.#starts.length);
    this.#left = this.#starts.length;
  }

  /**
   * The cache file at `path` for the live root `root`, or an empty one (missing, damaged, or not
   * sealed under this key and AD). `now` is when hashing starts, in ns (tests move it).
   */
  static async load(path: string | undefined, key: Buffer, ad: string, root: Buffer, now = BigInt(Date.now()) * 1_000_000n): Promise<LiveStatCache> {
    let plain: Buffer = Buffer.alloc(0);
    const sealed = path ? await readBounded(path) : undefined;
    if (sealed) {
      try {
        // In 64 KiB pieces (one cipher update over the whole ~10 MB box took ~100 ms here, pieces
        // ~10), each written over the box's own bytes already read: no fresh 10 MB to fault in.
        plain = openInto(key, sealed, ad, path!, (n) => sealed.subarray(0, n));
      } catch {
        // Another identity's or vault's, or damaged: ignored; the save replaces it.
      }
    }
    return new LiveStatCache(path, key, ad, root, now - RACY_MARGIN_NS, plain);
  }

  /** The blob ids `rel` hashed to, if its stat is exactly as when it was hashed. */
  lookup(rel: string, st: BigIntStats): string[] | undefined {
    const at = this.find(rel, st);
    return at < 0 ? undefined : this.idsAt(at);
  }

  /**
   * Where the ids of `rel` are (for idsAt), if its stat is exactly as when it was hashed, or -1.
   * A record found is kept for the next cache, whether or not its ids are asked for.
   */
  find(rel: string, st: BigIntStats): number {
    const at = this.#valid(rel, st);
    if (at < 0) {
      this.#pending.set(rel, this.#next.length);
      this.#next.push(undefined);
    }
    return at;
  }

  #valid(rel: string, st: BigIntStats): number {
    const n = this.#recordOf(rel);
    if (n < 0 || this.#found[n]) return -1;
    const at = this.#starts[n]!;
    const b = this.plain;
    const o = at + 2 + b.readUInt16LE(at);
    if (b.readBigUInt64LE(o + 32) !== st.ctimeNs || b.readBigUInt64LE(o + 8) !== st.ino || b.readBigUInt64LE(o) !== st.dev) return -1;
    if (b.readBigUInt64LE(o + 16) !== st.size || b.readBigUInt64LE(o + 24) !== st.mtimeNs || b.readUInt32LE(o + 40) !== Number(st.mode)) return -1;
    this.#found[n] = 1; // kept once, whatever asks again
    this.#left--;
    this.#keep(b.subarray(at, o + FIXED - 2 + b.readUInt32LE(o + 44) * ID_BYTES));
    this.#foundOld++;
    return o + 44;
  }

  /**
   * Which record holds `rel`, or -1. In the last walk's order: the record after the last one found,
   * or one of the few after it (files deleted since). A path not there is taken as not cached (a
   * new file) until more than MOST_STRAYS were: then the walk's order is another (a copy, another
   * file system), and the map of every path is built once.
   */
  #recordOf(rel: string): number {
    if (this.#byPath) {
      const found = this.#byPath.get(rel);
      return found ?? -1;
    }
    const length = rel.length;
    if (this.#scratch.length < length) this.#scratch = Buffer.alloc(2 * length);
    this.#scratch.write(rel, 0, length, 'latin1');
    const b = this.plain;
    for (let n = this.#cursor; n < Math.min(this.#starts.length, this.#cursor + LOOK_AHEAD); n++) {
      const at = this.#starts[n]!;
      if (b.readUInt16LE(at) === length && b.compare(this.#scratch, 0, length, at + 2, at + 2 + length) === 0) {
        this.#cursor = n + 1;
        return n;
      }
    }
    if (++this.#strays <= MOST_STRAYS) return -1;
    this.#byPath = new Map();
    this.#starts.forEach((at, i) => this.#byPath!.set(b.toString('latin1', at + 2, at + 2 + b.readUInt16LE(at)), i));
    return this.#byPath.get(rel) ?? -1;
  }

  /** The blob ids at a place find() returned. */
  idsAt(at: number): string[] {
    const b = this.plain;
    const count = b.readUInt32LE(at);
    const ids = new Array<string>(count);
    for (let i = 0, p = at + 4; i < count; i++, p += ID_BYTES) ids[i] = b.toString('hex', p, p + ID_BYTES);
    return ids;
  }

  /** Remembers what `rel` hashed to, as stat'ed before it was read; not if it may be racy (RACY_MARGIN_NS). */
  record(rel: string, st: BigIntStats, ids: readonly string[]): void {
    if (st.ctimeNs >= this.racyFrom || st.mtimeNs >= this.racyFrom) return;
    const length = Buffer.byteLength(rel, 'latin1');
    if (length > MOST_PATH || ids.some((id) => id.length !== 2 * ID_BYTES)) return;
    const r = Buffer.allocUnsafe(FIXED + length + ids.length * ID_BYTES);
    let o = r.writeUInt16LE(length, 0);
    o += r.write(rel, o, 'latin1');
    for (const v of [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs]) o = r.writeBigUInt64LE(v, o);
    o = r.writeUInt32LE(Number(st.mode), o);
    o = r.writeUInt32LE(ids.length, o);
    for (const id of ids) if (r.write(id, o, ID_BYTES, 'hex') === ID_BYTES) o += ID_BYTES;
    if (o !== r.length) return; // an id that is not hex: not cached
    const slot = this.#pending.get(rel);
    this.#pending.delete(rel);
    if (this.#keep(r, slot)) this.#fresh++;
  }

  /** How many records this walk reused and added (for tests and the bench). */
  get counts(): { reused: number; added: number } {
    return { reused: this.#foundOld, added: this.#fresh };
  }

  /**
   * Writes the cache when this walk changed it: records no lookup asked for (files gone, changed,
   * or no longer compared) are dropped. Best effort: a cache that cannot be written costs the next
   * diff time, so no error here fails the diff it serves.
   */
  async save(): Promise<void> {
    const unchanged = this.#fresh === 0 && this.#left === 0;
    if (!this.path || unchanged) return;
    const head = Buffer.alloc(12 + this.root.length);
    head.writeUInt32LE(this.root.length, 0);
    this.root.copy(head, 4);
    head.writeUInt32LE(this.#records, 4 + this.root.length);
    head.writeUInt32LE(this.#bytes, 8 + this.root.length);
    const mine = this.#records > 0;
    const parts = mine ? [MAGIC, head, ...this.#next.filter((r): r is Buffer => r !== undefined)] : [MAGIC];
    let records = this.#records;
    let bytes = MAGIC.length + (mine ? head.length + this.#bytes : 0);
    for (const other of this.#others) {
      const n = other.readUInt32LE(4 + other.readUInt32LE(0));
      if (records + n > MOST_RECORDS || bytes + other.length > MOST_BYTES) break;
      parts.push(other);
      records += n;
      bytes += other.length;
    }
    try {
      await fsp.mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      const whole = Buffer.concat(parts, bytes);
      const pieces: Buffer[] = [];
      for (let at = 0; at < whole.length; at += PIECE) pieces.push(whole.subarray(at, at + PIECE));
      await fsp.writeFile(tmp, Buffer.concat(sealParts(this.key, pieces, this.ad)), { mode: 0o600 });
      await fsp.rename(tmp, this.path);
    } catch {
      // Not written (disk full, a read-only cache folder): the next diff hashes again.
    }
  }

  /** Into `slot` of #next, or at its end; false past the bound. */
  #keep(record: Buffer, slot?: number): boolean {
    if (this.#records >= MOST_RECORDS || MAGIC.length + this.#bytes + record.length > MOST_BYTES) return false;
    if (slot === undefined) this.#next.push(record);
    else this.#next[slot] = record;
    this.#records++;
    this.#bytes += record.length;
    return true;
  }
}

/** The file's bytes, unless missing or larger than any cache this code writes. */
async function readBounded(path: string): Promise<Buffer | undefined> {
  try {
    const st = await fsp.stat(path);
    return st.size > MOST_BYTES + 1024 ? undefined : await fsp.readFile(path);
  } catch {
    return undefined;
  }
}

interface Section {
  root: Buffer;
  whole: Buffer;
  /** Where each record starts. */
  records: number[];
}

/** The sections of an opened cache, or undefined when it is not one this version wrote (then it starts empty). */
function sections(plain: Buffer): Section[] | undefined {
  if (plain.length < MAGIC.length || !plain.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const out: Section[] = [];
  for (let o = MAGIC.length; o < plain.length; ) {
    if (o + 4 > plain.length) return undefined;
    const rootEnd = o + 4 + plain.readUInt32LE(o);
    if (rootEnd + 8 > plain.length) return undefined;
    const count = plain.readUInt32LE(rootEnd);
    const end = rootEnd + 8 + plain.readUInt32LE(rootEnd + 4);
    if (end > plain.length) return undefined;
    const records = recordsOf(plain, rootEnd + 8, end, count);
    if (!records) return undefined;
    out.push({ root: plain.subarray(o + 4, rootEnd), whole: plain.subarray(o, end), records });
    o = end;
  }
  return out;
}

/** Where each record in [start, end) starts, checked to fill it exactly with `count` records. */
function recordsOf(b: Buffer, start: number, end: number, count: number): number[] | undefined {
  const out: number[] = [];
  let o = start;
  while (o < end) {
    if (o + FIXED > end) return undefined;
    const pathEnd = o + 2 + b.readUInt16LE(o);
    if (pathEnd + FIXED - 2 > end) return undefined;
    const next = pathEnd + FIXED - 2 + b.readUInt32LE(pathEnd + 44) * ID_BYTES;
    if (next > end) return undefined;
    out.push(o);
    o = next;
  }
  return out.length === count ? out : undefined;
}
