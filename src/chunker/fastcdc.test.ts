import { describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { Chunker, warmChunker, type ChunkerParams } from './fastcdc.js';

const small: ChunkerParams = { min: 2048, avg: 8192, max: 32768 };

function chunkAll(c: Chunker, data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    const n = c.cut(data, pos, data.length, true);
    out.push(data.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

describe('keyed FastCDC', () => {
  const seed = Buffer.alloc(32, 7);

  it('covers the input exactly with chunks within min..max', () => {
    const data = randomBytes(1_000_000);
    const chunks = chunkAll(new Chunker(seed, small), data);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(small.min);
      expect(c.length).toBeLessThanOrEqual(small.max);
    }
    const mean = data.length / chunks.length;
    expect(mean).toBeGreaterThan(small.avg / 2);
    expect(mean).toBeLessThan(small.avg * 2);
  });

  it('resynchronises after an insertion so most chunks are shared', () => {
    const data = randomBytes(500_000);
    const edited = Buffer.concat([data.subarray(0, 100_000), Buffer.from('inserted'), data.subarray(100_000)]);
    const c = new Chunker(seed, small);
    const a = new Set(chunkAll(c, data).map((b) => b.toString('hex')));
    const b = chunkAll(c, edited);
    const shared = b.filter((x) => a.has(x.toString('hex'))).length;
    expect(shared / b.length).toBeGreaterThan(0.8);
  });

  it('cuts differently under another seed, so boundaries leak nothing without the key', () => {
    const data = randomBytes(300_000);
    const a = chunkAll(new Chunker(seed, small), data).map((x) => x.length);
    const b = chunkAll(new Chunker(Buffer.alloc(32, 9), small), data).map((x) => x.length);
    expect(a).not.toEqual(b);
  });

  it('asks for more data instead of cutting early when the stream goes on', () => {
    const c = new Chunker(seed, small);
    const data = Buffer.alloc(small.min + 10); // zeros: no cut before max
    expect(c.cut(data, 0, data.length, false)).toBe(0);
    expect(c.cut(data, 0, data.length, true)).toBe(data.length);
  });

  it('cuts a window of zeros where scanning it byte by byte would (the fast path for holes)', () => {
    // Tiny windows (avg within 32 bytes of min) too: the zero cut is worked out, not scanned.
    const sizes: ChunkerParams[] = [small, { min: 4, avg: 16, max: 64 }, { min: 64, avg: 80, max: 4096 }, { min: 16, avg: 256, max: 1024 }, { min: 1, avg: 2, max: 3 }];
    for (const params of sizes) {
      for (let i = 0; i < 256; i++) {
        const c = new Chunker(randomBytes(32), params);
        const fast = c.cut(new Uint8Array(params.max), 0, params.max, true);
        // one byte short of max and not at the end: the same window, scanned
        const scanned = c.cut(new Uint8Array(params.max - 1), 0, params.max - 1, false);
        expect(fast).toBe(scanned === 0 ? params.max : scanned);
        expect(c.zeroCut).toBe(fast);
      }
    }
  });

  it('cuts where a byte-at-a-time gear scan cuts, at every start, end and stream state (the scan takes 8 bytes a step)', () => {
    // The reference: the gear table and masks as FORMAT.md and fastcdc.ts define them, one byte at a time.
    const gearOf = (key: Buffer) => {
      const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(1024));
      return new Int32Array(stream.buffer, stream.byteOffset, 256).slice();
    };
    const reference = (gear: Int32Array, p: ChunkerParams, data: Uint8Array, start: number, end: number, eof: boolean): number => {
      const n = end - start;
      if (n <= p.min) return eof ? n : 0;
      const bits = Math.round(Math.log2(p.avg));
      const [strict, loose] = [bits + 2, bits - 2].map((k) => (~0 << (32 - k)) | 0);
      const stop = n < p.max && !eof ? end : Math.min(end, start + p.max);
      let h = 0;
      for (let i = start + p.min; i < stop; i++) {
        h = ((h << 1) + gear[data[i]!]!) | 0;
        if ((h & (i < start + p.avg ? strict! : loose!)) === 0) return i + 1 - start;
      }
      return n < p.max && !eof ? 0 : Math.min(n, p.max);
    };
    for (const params of [small, { min: 64, avg: 256, max: 1024 }, { min: 3, avg: 37, max: 101 }]) {
      for (let round = 0; round < 4; round++) {
        const key = randomBytes(32);
        const c = new Chunker(key, params);
        const gear = gearOf(key);
        const data = randomBytes(4 * params.max);
        for (let k = 0; k < 400; k++) {
          const start = Math.floor(Math.random() * params.max);
          const end = start + Math.floor(Math.random() * (data.length - start));
          const eof = k % 2 === 0;
          expect(c.cut(data, start, end, eof), `${JSON.stringify(params)} [${start}, ${end}) eof=${eof}`).toBe(reference(gear, params, data, start, end, eof));
        }
      }
    }
  });

  it('keeps the cuts every vault was written with (known answers: dedup across agent versions depends on them)', () => {
    const data = createCipheriv('aes-256-ctr', Buffer.alloc(32, 1), Buffer.alloc(16)).update(Buffer.alloc(3_000_000));
    const cutsOf = (params: ChunkerParams) => {
      const c = new Chunker(Buffer.alloc(32, 7), params);
      const cuts: number[] = [];
      for (let pos = 0; pos < data.length; pos += cuts.at(-1)!) cuts.push(c.cut(data, pos, data.length, true));
      return cuts;
    };
    const few = cutsOf(small);
    expect([few.slice(0, 12), few.length]).toEqual([[12402, 6219, 10077, 8509, 11950, 9339, 9047, 8749, 8271, 8316, 10501, 8769], 320]);
    expect(cutsOf({ min: 256 * 1024, avg: 1024 * 1024, max: 4 * 1024 * 1024 })).toEqual([1138363, 511543, 641135, 708959]);
    // Warming the cut loop (a git backup does while git clones) changes no cut, however often it runs.
    warmChunker();
    warmChunker();
    expect(cutsOf(small)).toEqual(few);
  });
});
