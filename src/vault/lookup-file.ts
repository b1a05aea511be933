import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { open, seal, sealParts } from '../crypto/aead.js';
import { BulkheadError } from '../util/errors.js';
import { compareAt, parseId, readRecord, RECORD, recordId, type LookupRecord } from './lookup-records.js';

/**
 * A sealed local file of blob records sorted by blob id, searched in place (FORMAT.md, local
 * caches): the header (sealed whole) says which block of records holds which ids, and a lookup
 * reads and opens only the blocks that may hold its id. Each block is sealed on its own, bound to
 * the file and its place in it, so nothing can be swapped between files or positions. Read through
 * a descriptor held open: a file replaced meanwhile (another process's load) is not mixed in.
 */
const MAGIC = Buffer.from('BHLOOK01');
/** Records per block: 32 KiB, so a lookup opens about that much. */
const PER_BLOCK = 512;
/**
 * Blocks kept opened (64 MiB, a million records): a whole restore looks up every blob in tree
 * order, which is no order of ids, and would otherwise open most blocks again and again.
 */
const KEPT_BLOCKS = 2048;
const AD = 'bulkhead/v1/reader-index/1';
/** The id being looked up, as words (one lookup at a time: find is synchronous). */
const SCRATCH = new Int32Array(8);

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
  // Each box as the pieces the cipher gives, written as they are: one buffer of the whole file
  // was megabytes of fresh pages to fault in and copy (~60 ms of a cold restore here).
  const boxes: Buffer[] = [];
  const blocks: [number, number, string][] = [];
  let at = 0;
  for (let start = 0, n = 0; start < records.length; start += PER_BLOCK * RECORD, n++) {
    const box = sealParts(key, [records.subarray(start, Math.min(records.length, start + PER_BLOCK * RECORD))], `${AD} ${fileId} ${n}`);
    const length = box.reduce((sum, b) => sum + b.length, 0);
    blocks.push([at, length, recordId(records, start)]);
    boxes.push(...box);
    at += length;
  }
  const layout: Layout<H> = { fileId, header, count: records.length / RECORD, blocks };
  const head = seal(key, Buffer.from(JSON.stringify(layout)), AD);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await fsp.open(tmp, 'w', 0o600);
  try {
    const pieces = [MAGIC, len, head, ...boxes];
    // writev takes at most IOV_MAX (1024) pieces at a time.
    for (let i = 0; i < pieces.length; i += 1024) {
      const some = pieces.slice(i, i + 1024);
      const { bytesWritten } = await file.writev(some);
      if (bytesWritten !== some.reduce((sum, b) => sum + b.length, 0)) throw new BulkheadError('STORE', `could not write the local index cache ${tmp} whole (disk full?)`);
    }
  } finally {
    await file.close();
  }
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

  /** The records of this id, or undefined when it is not 64 lowercase hex digits (no record here has such an id). */
  find(id: string): LookupRecord[] | undefined {
    const { blocks } = this.layout;
    // The last block starting before the id (an id's records may begin at the end of it), through the last starting at it.
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (blocks[mid]![2] < id) lo = mid + 1;
      else hi = mid;
    }
    const words = SCRATCH;
    if (!parseId(id, words)) return undefined;
    const found: LookupRecord[] = [];
    for (let b = Math.max(0, lo - 1); b < blocks.length && blocks[b]![2] <= id; b++) {
      const block = this.block(b);
      // The first record not below the id, then each equal one.
      let l = 0;
      let h = block.length / RECORD;
      while (l < h) {
        const m = (l + h) >>> 1;
        if (compareAt(block, m * RECORD, words) < 0) l = m + 1;
        else h = m;
      }
      for (let o = l * RECORD; o < block.length && compareAt(block, o, words) === 0; o += RECORD) found.push(readRecord(block, o));
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

  /** Block `n`, opened; kept (KEPT_BLOCKS) unless `keep` is false (a pass over all of them). */
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
      if (this.#opened.size >= KEPT_BLOCKS) this.#opened.delete(this.#opened.keys().next().value!);
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
