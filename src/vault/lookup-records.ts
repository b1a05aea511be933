import type { BlobType } from './pack.js';

/**
 * Blob records of a reader's lookup file (lookup-file.ts), 64 bytes each, in blob id order:
 * id (32) | claim u32le | type u8 | small u8 (1: from the segment's private part) | 2 spare |
 * offset, length, rawLength as float64le (any safe integer a record may claim). Ids are compared as signed 32-bit words read by hand, as
 * private-locations.ts does: a Buffer.compare per step was most of a lookup's cost (#14).
 */
export const RECORD = 64;
const TYPES: readonly BlobType[] = ['data', 'tree'];

export interface LookupRecord {
  /** Index into the header's claims (which segment claimed which pack). */
  claim: number;
  type: BlobType;
  offset: number;
  length: number;
  rawLength: number;
  /** From the segment's private part (a small blob), not its pack records: a consolidation repeats only those. */
  small: boolean;
}

/** The 8 words a blob id (64 lowercase hex digits) spells into `into` at `at`, or false for anything else. */
export function parseId(id: string, into: Int32Array, at = 0): boolean {
  if (id.length !== 64) return false;
  for (let w = 0; w < 8; w++) {
    let v = 0;
    for (let i = w * 8; i < w * 8 + 8; i++) {
      const c = id.charCodeAt(i);
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (digit < 0) return false;
      v = (v << 4) | digit;
    }
    into[at + w] = v;
  }
  return true;
}

/** The words of one id, or undefined (not 64 lowercase hex digits). */
export function idWords(id: string): Int32Array | undefined {
  const words = new Int32Array(8);
  return parseId(id, words) ? words : undefined;
}

const word = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

/** The record at `o` against an id's words: negative when it sorts before, 0 when it is that id. */
export function compareAt(b: Uint8Array, o: number, words: Int32Array): number {
  for (let w = 0; w < 8; w++) {
    const x = word(b, o + 4 * w) ^ 0x80000000; // signed words, flipped: unsigned order
    const y = words[w]! ^ 0x80000000;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export const recordId = (b: Buffer, o: number): string => b.toString('hex', o, o + 32);
export const readRecord = (b: Buffer, o: number): LookupRecord => ({
  claim: b.readUInt32LE(o + 32),
  type: TYPES[b[o + 36]!] ?? 'data',
  offset: b.readDoubleLE(o + 40),
  length: b.readDoubleLE(o + 48),
  rawLength: b.readDoubleLE(o + 56),
  small: b[o + 37] === 1,
});

/**
 * Records gathered (add), then written in id order (finish): buckets of leading bits (about one
 * record each, ids being keyed hashes) counted, each record written once into its place, each
 * bucket sorted by hand; equal ids keep the order they were added in. Gathered in typed arrays,
 * not an object or a typed array per record: 50k of those cost more than the rest of the build.
 */
export class SortedRecords {
  readonly #words: Int32Array;
  readonly #claim: Uint32Array;
  readonly #type: Uint8Array;
  readonly #numbers: Float64Array;
  #n = 0;

  constructor(most: number) {
    this.#words = new Int32Array(most * 8);
    this.#claim = new Uint32Array(most);
    this.#type = new Uint8Array(most);
    this.#numbers = new Float64Array(most * 3);
  }

  /** False (and nothing added) for an id that is not 64 lowercase hex digits. */
  add(id: string, r: LookupRecord): boolean {
    const n = this.#n;
    if (!parseId(id, this.#words, n * 8)) return false;
    this.#claim[n] = r.claim;
    this.#type[n] = (r.type === 'tree' ? 1 : 0) | (r.small ? 2 : 0);
    this.#numbers[n * 3] = r.offset;
    this.#numbers[n * 3 + 1] = r.length;
    this.#numbers[n * 3 + 2] = r.rawLength;
    this.#n++;
    return true;
  }

  finish(): Buffer {
    const count = this.#n;
    const words = this.#words;
    let bits = 1;
    while (bits < 24 && 1 << bits < count) bits++;
    const shift = 32 - bits;
    const starts = new Uint32Array((1 << bits) + 1);
    for (let i = 0; i < count; i++) starts[(words[i * 8]! >>> shift) + 1]!++;
    for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
    const fill = starts.slice(0, -1);
    const out = Buffer.alloc(count * RECORD);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    for (let i = 0; i < count; i++) {
      const o = fill[words[i * 8]! >>> shift]!++ * RECORD;
      for (let w = 0; w < 8; w++) view.setInt32(o + 4 * w, words[i * 8 + w]!);
      view.setUint32(o + 32, this.#claim[i]!, true);
      out[o + 36] = this.#type[i]! & 1;
      out[o + 37] = this.#type[i]! >> 1;
      view.setFloat64(o + 40, this.#numbers[i * 3]!, true);
      view.setFloat64(o + 48, this.#numbers[i * 3 + 1]!, true);
      view.setFloat64(o + 56, this.#numbers[i * 3 + 2]!, true);
    }
    const at = new Int32Array(8);
    for (let b = 0; b + 1 < starts.length; b++) {
      for (let i = starts[b]! + 1; i < starts[b + 1]!; i++) {
        for (let w = 0; w < 8; w++) at[w] = word(out, i * RECORD + 4 * w);
        let j = i;
        while (j > starts[b]! && compareAt(out, (j - 1) * RECORD, at) > 0) j--;
        if (j === i) continue;
        const moving = Buffer.from(out.subarray(i * RECORD, (i + 1) * RECORD));
        out.copy(out, (j + 1) * RECORD, j * RECORD, i * RECORD);
        moving.copy(out, j * RECORD);
      }
    }
    return out;
  }
}

/** Merges two sorted runs of records (a's first among equal ids). */
export function mergeRecords(a: Buffer, b: Buffer): Buffer {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = Buffer.allocUnsafe(a.length + b.length);
  const next = new Int32Array(8);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) {
    for (let w = 0; w < 8; w++) next[w] = word(b, j + 4 * w);
    // The run of a up to b's next id, copied whole.
    let k = i;
    while (k < a.length && compareAt(a, k, next) <= 0) k += RECORD;
    o += a.copy(out, o, i, k);
    i = k;
    if (i < a.length) o += b.copy(out, o, j, (j += RECORD));
  }
  o += a.copy(out, o, i);
  b.copy(out, o, j);
  return out;
}
