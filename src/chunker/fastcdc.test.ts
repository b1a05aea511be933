import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Chunker, type ChunkerParams } from './fastcdc.js';

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
});
