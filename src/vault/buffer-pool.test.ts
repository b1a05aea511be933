import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('reuses a released buffer for the next take that fits, and never takes in foreign memory', () => {
    const pool = new BufferPool(2, 1024);
    const a = pool.take(100);
    expect(a.length).toBe(100);
    pool.release(a);
    const b = pool.take(1000);
    expect(b.buffer).toBe(a.buffer); // same memory, now 1000 bytes long
    expect(pool.take(2000).buffer).not.toBe(a.buffer); // too small: a new one
    const foreign = Buffer.from('shares the 8 KiB slab with other small buffers');
    pool.release(foreign);
    expect(pool.take(10).buffer).not.toBe(foreign.buffer);
  });
});
