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

  it('when full, keeps the larger of what it holds and what comes back', () => {
    const pool = new BufferPool(1, 1024);
    const small = pool.take(100);
    const large = pool.take(5000);
    pool.release(small);
    pool.release(large); // full: the 1 KiB one makes room
    expect(pool.take(4000).buffer).toBe(large.buffer);
    pool.release(large);
    pool.release(small); // full: the larger stays
    expect(pool.take(10).buffer).toBe(large.buffer);
  });
});
