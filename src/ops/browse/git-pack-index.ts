import { BulkheadError } from '../../util/errors.js';

const MAGIC = 0xff744f63; // "\377tOc": an index of version 2 or later

/**
 * A git pack index (`objects/pack/pack-*.idx`, version 2: SHA-1 or SHA-256 names) as read from a
 * mirror: where in its pack each object starts, and where the next one does (an entry's end), so a
 * reader fetches only that object's bytes of the pack. Version 1 (git before 1.5.2) is refused.
 */
export class PackIndex {
  readonly count: number;
  readonly #names: Buffer;
  readonly #fanout: Uint32Array;
  readonly #offsets: Float64Array;
  /** Every object's offset, ascending: an entry ends where the next begins (or at the trailer). */
  readonly #sorted: Float64Array;

  constructor(
    idx: Buffer,
    readonly hashLen: number,
    /** The pack's size in bytes (its trailer is one hash). */
    readonly packSize: number,
    readonly name: string,
  ) {
    const bad = (why: string) => new BulkheadError('CORRUPT', `${name} is not a pack index git writes (${why})`);
    if (idx.length < 8 + 1024 || idx.readUInt32BE(0) !== MAGIC || idx.readUInt32BE(4) !== 2) throw bad('not version 2');
    this.#fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) this.#fanout[i] = idx.readUInt32BE(8 + i * 4);
    const n = (this.count = this.#fanout[255]!);
    const names = 8 + 1024;
    const offsets = names + n * hashLen + n * 4;
    const large = offsets + n * 4;
    if (idx.length < large + 2 * hashLen) throw bad('shorter than its object count');
    this.#names = idx.subarray(names, names + n * hashLen);
    this.#offsets = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const small = idx.readUInt32BE(offsets + i * 4);
      if (small < 0x80000000) this.#offsets[i] = small;
      else {
        const at = large + (small & 0x7fffffff) * 8;
        if (at + 8 > idx.length - 2 * hashLen) throw bad('a large offset past its table');
        this.#offsets[i] = Number(idx.readBigUInt64BE(at));
      }
      if (this.#offsets[i]! < 12 || this.#offsets[i]! >= packSize - hashLen) throw bad(`object ${i} lies outside its pack`);
    }
    this.#sorted = Float64Array.from(this.#offsets).sort();
  }

  /** Where the object starts in the pack, or undefined when this pack does not hold it. */
  offsetOf(oid: string): number | undefined {
    const want = Buffer.from(oid, 'hex');
    if (want.length !== this.hashLen) return undefined;
    let lo = want[0]! === 0 ? 0 : this.#fanout[want[0]! - 1]!;
    let hi = this.#fanout[want[0]!]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = Buffer.compare(this.#names.subarray(mid * this.hashLen, (mid + 1) * this.hashLen), want);
      if (cmp === 0) return this.#offsets[mid];
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Where the entry starting at offset ends: the next entry's start, or the pack's trailing hash. */
  endOf(offset: number): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#sorted[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.#sorted.length ? this.#sorted[lo]! : this.packSize - this.hashLen;
  }
}
