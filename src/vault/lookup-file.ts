import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { open, seal } from '../crypto/aead.js';
import { BulkheadError } from '../util/errors.js';
import type { BlobType } from './pack.js';

/**
 * A sealed local file of blob records sorted by blob id, searched in place (FORMAT.md, local
 * caches): the header (sealed whole) says which block of records holds which ids, and a lookup
 * reads and opens only the blocks that may hold its id. Each block is sealed on its own, bound to
 * the file and its place in it, so nothing can be swapped between files or positions. Read through
 * a descriptor held open: a file replaced meanwhile (another process's load) is not mixed in.
 */
const MAGIC = Buffer.from('BHLOOK01');
/** One record: id (32) | claim u32 | type u8 | 3 spare | offset f64 | length f64 | rawLength f64 (any safe integer). */
export const RECORD = 64;
/** Records per block: 32 KiB, so a lookup opens about that much. */
const PER_BLOCK = 512;
const AD = 'bulkhead/v1/reader-index/1';
const TYPES: readonly BlobType[] = ['data', 'tree'];
const HEX_ID = /^[0-9a-f]{64}$/;

export interface LookupRecord {
  /** Index into the header's claims (which segment claimed which pack). */
  claim: number;
  type: BlobType;
  offset: number;
  length: number;
  rawLength: number;
}

/** Writes one record at `o` of `into` (the id as 64 lowercase hex digits). */
export function putRecord(into: Buffer, o: number, id: string, r: LookupRecord): void {
  into.write(id, o, 32, 'hex');
  into.writeUInt32LE(r.claim, o + 32);
  into[o + 36] = r.type === 'tree' ? 1 : 0;
  into.writeDoubleLE(r.offset, o + 40);
  into.writeDoubleLE(r.length, o + 48);
  into.writeDoubleLE(r.rawLength, o + 56);
}

export const recordId = (b: Buffer, o: number): string => b.toString('hex', o, o + 32);
export const readRecord = (b: Buffer, o: number): LookupRecord => ({
  claim: b.readUInt32LE(o + 32),
  type: TYPES[b[o + 36]!] ?? 'data',
  offset: b.readDoubleLE(o + 40),
  length: b.readDoubleLE(o + 48),
  rawLength: b.readDoubleLE(o + 56),
});

/** Sorts records (ids at each record's start) by id: buckets of leading bits, then by hand within each. */
export function sortRecords(records: Buffer): Buffer {
  const count = records.length / RECORD;
  let bits = 1;
  while (bits < 24 && 1 << bits < count) bits++;
  const shift = 32 - bits;
  const starts = new Uint32Array((1 << bits) + 1);
  for (let e = 0; e < count; e++) starts[(records.readUInt32BE(e * RECORD) >>> shift) + 1]!++;
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const out = Buffer.allocUnsafe(records.length);
  const fill = starts.slice(0, -1);
  for (let e = 0; e < count; e++) {
    const at = fill[records.readUInt32BE(e * RECORD) >>> shift]!++;
    records.copy(out, at * RECORD, e * RECORD, (e + 1) * RECORD);
  }
  // Within a bucket (about one record), insertion by the whole id; equal ids keep their order.
  for (let b = 0; b + 1 < starts.length; b++) {
    for (let i = starts[b]! + 1; i < starts[b + 1]!; i++) {
      for (let j = i; j > starts[b]! && out.compare(out, (j - 1) * RECORD, (j - 1) * RECORD + 32, j * RECORD, j * RECORD + 32) < 0; j--) swap(out, j - 1, j);
    }
  }
  return out;
}

function swap(b: Buffer, i: number, j: number): void {
  const t = Buffer.from(b.subarray(i * RECORD, (i + 1) * RECORD));
  b.copy(b, i * RECORD, j * RECORD, (j + 1) * RECORD);
  t.copy(b, j * RECORD);
}

/** Merges two sorted record runs (a's records first among equal ids). */
export function mergeRecords(a: Buffer, b: Buffer): Buffer {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = Buffer.allocUnsafe(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    // Runs of a before b's next id are copied whole.
    let k = i;
    while (k < a.length && a.compare(b, j, j + 32, k, k + 32) <= 0) k += RECORD;
    o += a.copy(out, o, i, k);
    i = k;
    if (i < a.length) o += b.copy(out, o, j, (j += RECORD));
  }
  o += a.copy(out, o, i);
  b.copy(out, o, j);
  return out;
}

interface Layout<H> {
  fileId: string;
  header: H;
  count: number;
  /** Per block: its offset and box length in the file, and its first record's id. */
  blocks: [number, number, string][];
}

/** Writes header and sorted records (through a temporary name, then renamed). */
export async function writeLookupFile<H>(path: string, key: Buffer, header: H, records: Buffer): Promise<void> {
  const fileId = randomBytes(16).toString('hex');
  const boxes: Buffer[] = [];
  const blocks: [number, number, string][] = [];
  let at = 0;
  for (let start = 0, n = 0; start < records.length; start += PER_BLOCK * RECORD, n++) {
    const box = seal(key, records.subarray(start, Math.min(records.length, start + PER_BLOCK * RECORD)), `${AD} ${fileId} ${n}`);
    blocks.push([at, box.length, recordId(records, start)]);
    boxes.push(box);
    at += box.length;
  }
  const layout: Layout<H> = { fileId, header, count: records.length / RECORD, blocks };
  const head = seal(key, Buffer.from(JSON.stringify(layout)), AD);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, Buffer.concat([MAGIC, len, head, ...boxes]), { mode: 0o600 });
  await fsp.rename(tmp, path);
}

/** An open lookup file: its header, and its records found by id. */
export class LookupFile<H> {
  readonly #opened = new Map<number, Buffer>();

  private constructor(
    private readonly fd: number,
    private readonly key: Buffer,
    private readonly path: string,
    private readonly body: number,
    private readonly layout: Layout<H>,
  ) {}

  /** Undefined when missing, not one, or not sealed under this key: the caller builds it again. */
  static open<H>(path: string, key: Buffer): LookupFile<H> | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    try {
      const start = Buffer.alloc(MAGIC.length + 4);
      if (readSync(fd, start, 0, start.length, 0) !== start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a lookup file');
      const headLength = start.readUInt32LE(MAGIC.length);
      if (headLength > fstatSync(fd).size) throw new Error('truncated');
      const head = Buffer.alloc(headLength);
      readSync(fd, head, 0, headLength, start.length);
      const layout = JSON.parse(open(key, head, AD, path).toString('utf8')) as Layout<H>;
      return new LookupFile(fd, key, path, start.length + headLength, layout);
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  get header(): H {
    return this.layout.header;
  }

  /** How many records the file holds. */
  get count(): number {
    return this.layout.count;
  }

  /** The records of this id (lowercase hex), each with its offset in its block. */
  find(id: string): LookupRecord[] {
    const { blocks } = this.layout;
    // The last block starting before the id (an id's records may begin at the end of it), through the last starting at it.
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (blocks[mid]![2] < id) lo = mid + 1;
      else hi = mid;
    }
    const found: LookupRecord[] = [];
    if (!HEX_ID.test(id)) return found;
    const want = Buffer.from(id, 'hex');
    for (let b = Math.max(0, lo - 1); b < blocks.length && blocks[b]![2] <= id; b++) {
      const block = this.block(b);
      // The first record not below the id, then each equal one.
      let l = 0;
      let h = block.length / RECORD;
      while (l < h) {
        const m = (l + h) >>> 1;
        if (block.compare(want, 0, 32, m * RECORD, m * RECORD + 32) < 0) l = m + 1;
        else h = m;
      }
      for (let o = l * RECORD; o < block.length && block.compare(want, 0, 32, o, o + 32) === 0; o += RECORD) found.push(readRecord(block, o));
    }
    return found;
  }

  /** Every record, in id order: [id, record]. */
  *all(): IterableIterator<[string, LookupRecord]> {
    for (let b = 0; b < this.layout.blocks.length; b++) {
      const block = this.block(b, false);
      for (let o = 0; o < block.length; o += RECORD) yield [recordId(block, o), readRecord(block, o)];
    }
  }

  /** Every record as stored (sorted), to merge with new ones. */
  records(): Buffer {
    return Buffer.concat(this.layout.blocks.map((_, b) => this.block(b, false)));
  }

  /** Block `n`, opened; a few are kept (a restore looks up blobs of one folder, near in no order). */
  block(n: number, keep = true): Buffer {
    const kept = this.#opened.get(n);
    if (kept) return kept;
    const [offset, length] = this.layout.blocks[n]!;
    const box = Buffer.alloc(length);
    if (readSync(this.fd, box, 0, length, this.body + offset) !== length) throw damaged(this.path);
    let block: Buffer;
    try {
      block = open(this.key, box, `${AD} ${this.layout.fileId} ${n}`, this.path);
    } catch {
      throw damaged(this.path);
    }
    if (keep) {
      if (this.#opened.size >= 64) this.#opened.delete(this.#opened.keys().next().value!);
      this.#opened.set(n, block);
    }
    return block;
  }

  #closed = false;

  /** Once; a second call (a reader dropped twice) does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.fd);
  }
}

const damaged = (path: string) => new BulkheadError('CORRUPT', `the local index cache ${path} changed while in use (damaged?): remove it and run again`);
