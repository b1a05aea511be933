import { createCipheriv } from 'node:crypto';
import { isAllZero } from '../util/zero-bytes.js';

export interface ChunkerParams {
  min: number;
  avg: number;
  max: number;
}

export const DEFAULT_CHUNKER: ChunkerParams = { min: 256 * 1024, avg: 1024 * 1024, max: 4 * 1024 * 1024 };

/**
 * FastCDC with normalized chunking (level 2) over a 32-bit gear hash. The gear table comes from a
 * secret seed, so chunk boundaries (and thus chunk sizes) say nothing about the content.
 */
export class Chunker {
  readonly params: ChunkerParams;
  readonly #gear: Int32Array;
  readonly #maskSmall: number;
  readonly #maskLarge: number;
  /** Where a window of max zero bytes is cut (a sparse file's holes are read as zeros: TBs of them). */
  #zeroCut: number | undefined;

  constructor(seed: Uint8Array, params: ChunkerParams = DEFAULT_CHUNKER) {
    if (!(params.min < params.avg && params.avg < params.max)) throw new Error('chunker needs min < avg < max');
    this.params = params;
    this.#gear = gearTable(seed);
    const bits = Math.round(Math.log2(params.avg));
    // Bit k of the hash depends on the last k+1 bytes: masks take the top bits, so every cut
    // decision looks at a window of up to 32 bytes.
    this.#maskSmall = topBits(bits + 2);
    this.#maskLarge = topBits(bits - 2);
  }

  /** The length of every chunk cut from a long run of zeros (all but the run's last): a sparse file's holes. */
  get zeroCut(): number {
    // Found when first needed, by the scan's own arithmetic on a zero byte, not by scanning max
    // zeros: that allocated and read 4 MiB for every Chunker, ~13 ms and its garbage per backup.
    return (this.#zeroCut ??= zeroCut(this.#gear[0]!, this.params, this.#maskSmall, this.#maskLarge));
  }

  /**
   * Length of the next chunk of data[start, end). With eof=false and no cut found before max, and
   * fewer than max bytes available, returns 0: the caller must supply more data.
   */
  cut(data: Uint8Array, start: number, end: number, eof: boolean): number {
    const { min, avg, max } = this.params;
    const n = end - start;
    if (n <= min) return eof ? n : 0;
    if (n < max && !eof) {
      const found = this.#scan(data, start, end, min, avg);
      return found === -1 ? 0 : found;
    }
    // A cut depends only on the window's bytes: one of max zeros is cut where zeros are, without
    // the byte-by-byte scan (memcmp, which stops at the first byte that is not zero).
    if (n >= max && isAllZero(data.subarray(start, start + max))) return this.zeroCut;
    const found = this.#scan(data, start, Math.min(end, start + max), min, avg);
    return found === -1 ? Math.min(n, max) : found;
  }

  /**
   * Where the gear hash first meets the mask in data[start + min, end): the stricter mask up to avg
   * bytes, the looser one after (normalized chunking). Each pass takes 8 bytes a step, then the
   * rest one by one: the same cuts as a byte-at-a-time loop (fastcdc.test.ts holds them equal) at
   * ~1.7x its speed in V8 (one loop test and fewer bounds checks per 8 bytes). This loop sees every
   * byte of every large file, on the main thread.
   */
  #scan(data: Uint8Array, start: number, end: number, min: number, avg: number): number {
    const gear = this.#gear;
    let h = 0;
    let i = start + min;
    for (let pass = 0; pass < 2; pass++) {
      const stop = pass === 0 ? Math.min(end, start + avg) : end;
      const mask = pass === 0 ? this.#maskSmall : this.#maskLarge;
      for (; i + 8 <= stop; i += 8) {
        h = ((h << 1) + gear[data[i + 0]!]!) | 0;
        if ((h & mask) === 0) return i + 1 - start;
        h = ((h << 1) + gear[data[i + 1]!]!) | 0;
        if ((h & mask) === 0) return i + 2 - start;
        h = ((h << 1) + gear[data[i + 2]!]!) | 0;
        if ((h & mask) === 0) return i + 3 - start;
        h = ((h << 1) + gear[data[i + 3]!]!) | 0;
        if ((h & mask) === 0) return i + 4 - start;
        h = ((h << 1) + gear[data[i + 4]!]!) | 0;
        if ((h & mask) === 0) return i + 5 - start;
        h = ((h << 1) + gear[data[i + 5]!]!) | 0;
        if ((h & mask) === 0) return i + 6 - start;
        h = ((h << 1) + gear[data[i + 6]!]!) | 0;
        if ((h & mask) === 0) return i + 7 - start;
        h = ((h << 1) + gear[data[i + 7]!]!) | 0;
        if ((h & mask) === 0) return i + 8 - start;
      }
      for (; i < stop; i++) {
        h = ((h << 1) + gear[data[i]!]!) | 0;
        if ((h & mask) === 0) return i + 1 - start;
      }
    }
    return -1;
  }
}

/**
 * What #scan returns on max zero bytes (max when it finds no cut). Each step shifts the hash left
 * and adds the same word, so after 32 steps it no longer changes: from then on one test under each
 * mask decides, and the loop skips to where the mask changes, or ends.
 */
function zeroCut(word: number, { min, avg, max }: ChunkerParams, small: number, large: number): number {
  const normal = Math.min(max, avg);
  let h = 0;
  for (let i = min; i < max; i++) {
    h = ((h << 1) + word) | 0;
    if ((h & (i < normal ? small : large)) === 0) return i + 1;
    if (i - min >= 32) {
      if (i >= normal) return max; // constant, and the large mask's one test failed
      i = normal - 1; // the small mask's test fails alike up to here: the loop goes on at normal
    }
  }
  return max;
}

/**
 * Sizes that together run every path of #scan: the first, with spans that are no multiple of 8,
 * every 8-byte step under both masks and the tail after them; the second, tiny, the tail's cuts.
 */
const WARM_PARAMS: ChunkerParams[] = [
  { min: 61, avg: 250, max: 1021 },
  { min: 1, avg: 6, max: 13 },
];
const WARM_BYTES = 16 * 1024;
let warmed = false;

/**
 * Runs the cut loop over a little pseudo-random data, once per thread, for a caller whose thread
 * would otherwise wait (a git backup while git clones). Cold, V8 runs #scan in its interpreter and
 * reoptimizes it once for each path it had not seen yet: the first 9 MB took ~100 ms to cut here,
 * the next 9 MB ~5 ms. Once every path has run, its optimized code is ready before the data is.
 */
export function warmChunker(): void {
  if (warmed) return;
  warmed = true;
  const data = Buffer.allocUnsafe(WARM_BYTES);
  for (let i = 0, x = 1; i < data.length; i++) data[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
  for (const params of WARM_PARAMS) {
    const chunker = new Chunker(new Uint8Array(32), params);
    for (let at = 0; at < data.length; ) at += chunker.cut(data, at, data.length, true);
    chunker.cut(data, 0, params.max - 1, false);
  }
}

function topBits(count: number): number {
  return (~0 << (32 - count)) | 0;
}

/** 256 pseudo-random 32-bit words: AES-256-CTR keystream under the chunker seed. */
function gearTable(seed: Uint8Array): Int32Array {
  const cipher = createCipheriv('aes-256-ctr', seed, Buffer.alloc(16));
  const stream = Buffer.concat([cipher.update(Buffer.alloc(1024)), cipher.final()]);
  return new Int32Array(stream.buffer, stream.byteOffset, 256).slice();
}
