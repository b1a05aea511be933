import { createHash } from 'node:crypto';
import { constants, createInflate, inflateSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { BulkheadError } from '../../util/errors.js';
import { PackIndex } from './git-pack-index.js';
import { applyDelta, deltaSizes, OFS_DELTA, parseEntryHead, REF_DELTA, type GitObjectType } from './git-pack-entry.js';
import type { MirrorFiles } from './mirror-files.js';

export interface GitObject {
  type: GitObjectType;
  content: Buffer;
}

interface Pack {
  index: PackIndex;
  path: string;
}

const BASES_KEPT_BYTES = 16 * 1024 * 1024;
const MAX_CHAIN = 10_000; // git's own depth limit is 4095
const HEAD_PROBE = 1024; // compressed bytes read to learn a delta's result size
const STREAM_READ = 4 * 1024 * 1024; // compressed bytes read at a time when a blob is streamed
/** No object this reader makes is larger: a forged entry cannot make it inflate gigabytes into memory. */
export const MAX_OBJECT = 512 * 1024 * 1024;

/**
 * A bare repository's objects read straight from its files (packs through their indexes, then loose
 * objects), without git and without writing the repository anywhere: only the byte ranges of the
 * objects asked for (and their delta bases) are read. Every object returned is checked against its
 * id (SHA-1 or SHA-256 over git's header and content), so a forged mirror gives an error, never
 * wrong bytes. Anything this reader does not know (index version 1, a pack without its index) is
 * UNSUPPORTED_MIRROR, for the caller to fall back to git on the restored mirror.
 */
export class MirrorObjects {
  readonly #bases = new Map<string, GitObject>();
  #baseBytes = 0;
  /** Loose objects by folder (objects/xx): file name → size. */
  readonly #loose = new Map<string, Promise<Map<string, number>>>();

  private constructor(
    readonly files: MirrorFiles,
    readonly hashLen: number,
    readonly packs: Pack[],
    readonly name: string,
  ) {}

  static async open(files: MirrorFiles, hashLen: number, name: string): Promise<MirrorObjects> {
    const listed = await files.list('objects/pack');
    const sizes = new Map(listed.map((f) => [f.name, f.size]));
    const packs: Pack[] = [];
    for (const f of listed.filter((f) => /^pack-[0-9a-f]+\.pack$/.test(f.name))) {
      const idxName = f.name.replace(/\.pack$/, '.idx');
      if (!sizes.has(idxName)) throw unsupported(`${name}: ${f.name} has no index beside it`);
      const idx = await files.read(`objects/pack/${idxName}`, 0, sizes.get(idxName)!);
      if (idx.length >= 4 && idx.readUInt32BE(0) !== 0xff744f63) throw unsupported(`${name}: ${idxName} is a version 1 pack index`);
      packs.push({ index: new PackIndex(idx, hashLen, f.size, `${name}: ${idxName}`), path: `objects/pack/${f.name}` });
    }
    return new MirrorObjects(files, hashLen, packs, name);
  }

  /** The object, verified against its id; NOT_FOUND when the mirror does not hold it. */
  async get(oid: string): Promise<GitObject> {
    const packed = this.#packed(oid);
    if (packed) return this.#verified(oid, await this.#entry(packed.pack, packed.at, 0));
    const loose = await this.#readLoose(oid);
    if (loose) return this.#verified(oid, loose);
    throw new MissingObject(`the mirror of ${this.name} has no object ${oid}`);
  }

  /**
   * The first `most` bytes of a blob a pack stores whole (not as a delta), read and inflated only
   * that far: previewing a 500 MB file costs what the preview shows, not the file. Not checked
   * against its id (that needs every byte; a restore checks it): a forged mirror can make a preview
   * show bytes its restore then refuses. Undefined for a delta or a loose object: read it whole.
   */
  async blobHead(oid: string, most: number): Promise<Buffer | undefined> {
    const packed = this.#packed(oid);
    if (!packed) return undefined;
    const { pack, at, end, where } = packed;
    // Compressed bytes read grow fourfold until they inflate to `most` (deflate expands at most
    // ~1032:1, so 16 KiB give at most ~16 MiB) or the entry ends.
    for (let window = 16 * 1024; ; window *= 4) {
      const buf = await this.files.read(pack.path, at, Math.min(end, at + 64 + window));
      const head = parseEntryHead(buf, this.hashLen, where);
      if (head.type !== 'blob') return undefined;
      const out = inflateSync(buf.subarray(head.dataAt), { finishFlush: constants.Z_SYNC_FLUSH });
      if (out.length >= most || at + 64 + window >= end) return out.subarray(0, Math.min(most, head.size));
    }
  }

  /**
   * A blob a pack stores whole, inflated into `take` a piece at a time (its compressed bytes read
   * 4 MiB at a time): a restore writes a large file without holding it. False for a delta or a
   * loose object (read it whole). Not checked here: the caller hashes what it takes.
   */
  async streamBlob(oid: string, take: (piece: Buffer) => void): Promise<boolean> {
    const packed = this.#packed(oid);
    if (!packed) return false;
    const { pack, at, end, where } = packed;
    const head = parseEntryHead(await this.files.read(pack.path, at, Math.min(end, at + 64)), this.hashLen, where);
    if (head.type !== 'blob') return false;
    if (head.size > MAX_OBJECT) throw corrupt(`${where}: an entry of ${head.size} bytes, more than this reader opens (${MAX_OBJECT})`);
    const files = this.files;
    let made = 0;
    try {
      await pipeline(
        async function* () {
          for (let from = at + head.dataAt; from < end; from += STREAM_READ) yield await files.read(pack.path, from, Math.min(end, from + STREAM_READ));
        },
        createInflate(),
        async (pieces: AsyncIterable<Buffer>) => {
          for await (const piece of pieces) {
            if ((made += piece.length) > head.size) throw corrupt(`${where}: inflates past the ${head.size} bytes its head announces`);
            take(piece);
          }
        },
      );
    } catch (e) {
      throw e instanceof BulkheadError ? e : corrupt(`${where}: its data does not inflate (${(e as Error).message})`);
    }
    if (made !== head.size) throw corrupt(`${where}: ${made} bytes inflated, ${head.size} announced`);
    return true;
  }

  /**
   * A blob's size from its entry's head (a delta's from its first inflated bytes), without reading
   * its content: what `ls-tree -l` shows. Not verified (the content is, when it is read).
   */
  async blobSize(oid: string): Promise<number> {
    const packed = this.#packed(oid);
    if (packed) {
      const { pack, at, end, where } = packed;
      const buf = await this.files.read(pack.path, at, Math.min(end, at + 64 + HEAD_PROBE));
      const head = parseEntryHead(buf, this.hashLen, where);
      if (head.type !== OFS_DELTA && head.type !== REF_DELTA) return head.size;
      const start = inflateSync(buf.subarray(head.dataAt), { finishFlush: constants.Z_SYNC_FLUSH });
      try {
        return deltaSizes(start, where).result;
      } catch {
        return (await this.#entry(pack, at, 0)).content.length; // its head did not fit in the probe
      }
    }
    const loose = await this.#readLoose(oid);
    if (loose) return loose.content.length;
    throw new MissingObject(`the mirror of ${this.name} has no object ${oid}`);
  }

  /** The pack entry that holds oid, with where it ends, named for errors; undefined when no pack holds it. */
  #packed(oid: string): { pack: Pack; at: number; end: number; where: string } | undefined {
    for (const pack of this.packs) {
      const at = pack.index.offsetOf(oid);
      if (at !== undefined) return { pack, at, end: pack.index.endOf(at), where: `${this.name}: ${pack.path} at ${at}` };
    }
    return undefined;
  }

  /** Where a delta's base is: an entry of a pack, or (REF_DELTA to a loose object) the object itself. */
  async #baseOf(pack: Pack, at: number, head: ReturnType<typeof parseEntryHead>): Promise<{ pack: Pack; at: number } | GitObject> {
    if (head.type === OFS_DELTA) {
      if (head.baseDistance! <= 0 || head.baseDistance! > at) throw corrupt(`${this.name}: ${pack.path} at ${at}: a delta whose base lies outside the pack`);
      return { pack, at: at - head.baseDistance! };
    }
    for (const p of this.packs) {
      const found = p.index.offsetOf(head.baseOid!);
      if (found !== undefined) return { pack: p, at: found };
    }
    return this.get(head.baseOid!);
  }

  /** The object an entry makes (a delta applied to its base, recursively); bases are kept a while. */
  async #entry(pack: Pack, at: number, depth: number): Promise<GitObject> {
    const key = `${pack.path}:${at}`;
    const kept = this.#bases.get(key);
    if (kept) return kept;
    if (depth > MAX_CHAIN) throw corrupt(`${this.name}: a delta chain in ${pack.path} longer than ${MAX_CHAIN}`);
    const where = `${this.name}: ${pack.path} at ${at}`;
    const buf = await this.files.read(pack.path, at, pack.index.endOf(at));
    const head = parseEntryHead(buf, this.hashLen, where);
    if (head.size > MAX_OBJECT) throw corrupt(`${where}: an entry of ${head.size} bytes, more than this reader opens (${MAX_OBJECT})`);
    const data = inflate(buf.subarray(head.dataAt), where, head.size);
    if (data.length !== head.size) throw corrupt(`${where}: ${data.length} bytes inflated, ${head.size} announced`);
    let object: GitObject;
    if (head.type === OFS_DELTA || head.type === REF_DELTA) {
      const at2 = await this.#baseOf(pack, at, head);
      const base = 'pack' in at2 ? await this.#entry(at2.pack, at2.at, depth + 1) : at2;
      if (deltaSizes(data, where).result > MAX_OBJECT) throw corrupt(`${where}: a delta making more than ${MAX_OBJECT} bytes`);
      object = { type: base.type, content: applyDelta(base.content, data, where) };
    } else object = { type: head.type, content: data };
    this.#keep(key, object);
    return object;
  }

  #keep(key: string, object: GitObject): void {
    if (object.content.length > BASES_KEPT_BYTES / 4) return;
    this.#bases.set(key, object);
    this.#baseBytes += object.content.length;
    for (const [old, o] of this.#bases) {
      if (this.#baseBytes <= BASES_KEPT_BYTES) break;
      this.#bases.delete(old);
      this.#baseBytes -= o.content.length;
    }
  }

  async #readLoose(oid: string): Promise<GitObject | undefined> {
    const dir = `objects/${oid.slice(0, 2)}`;
    let names = this.#loose.get(dir);
    if (!names) this.#loose.set(dir, (names = this.files.list(dir).then((l) => new Map(l.map((f) => [f.name, f.size])))));
    const size = (await names).get(oid.slice(2));
    if (size === undefined) return undefined;
    const where = `${this.name}: ${dir}/${oid.slice(2)}`;
    const raw = inflate(await this.files.read(`${dir}/${oid.slice(2)}`, 0, size), where, MAX_OBJECT + 64);
    const nul = raw.indexOf(0);
    const [type, length] = raw.subarray(0, Math.max(nul, 0)).toString('latin1').split(' ');
    if (nul < 0 || !['commit', 'tree', 'blob', 'tag'].includes(type!) || Number(length) !== raw.length - nul - 1) throw corrupt(`${where}: not a loose object git writes`);
    return { type: type as GitObjectType, content: raw.subarray(nul + 1) };
  }

  #verified(oid: string, o: GitObject): GitObject {
    const hash = createHash(this.hashLen === 32 ? 'sha256' : 'sha1');
    hash.update(`${o.type} ${o.content.length}\0`);
    hash.update(o.content);
    if (hash.digest('hex') !== oid) throw corrupt(`${this.name}: the mirror's object ${oid.slice(0, 12)} does not hash to its id (damaged or forged)`);
    return o;
  }
}

function inflate(data: Buffer, where: string, most: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(most, 1) });
  } catch (e) {
    throw corrupt(`${where}: its data does not inflate (${(e as Error).message})`);
  }
}

const corrupt = (message: string) => new BulkheadError('CORRUPT', message);

/** This reader does not know the mirror's layout; git on the restored mirror may. */
export class UnsupportedMirror extends BulkheadError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
/** An object neither a pack index nor the loose objects name. */
export class MissingObject extends BulkheadError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}
const unsupported = (message: string) => new UnsupportedMirror(message);
