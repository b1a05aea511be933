import { describe, expect, it } from 'vitest';
import { HOLE_MIN, isAllZero, leavesHole } from './zero-bytes.js';

describe('zero runs left as holes on restore', () => {
  it('tells all-zero bytes from any with one set byte, at every place and across the compared slices', () => {
    const n = 200 * 1024 + 7;
    expect(isAllZero(Buffer.alloc(n))).toBe(true);
    for (const at of [0, 1, 65535, 65536, 131072, n - 2, n - 1]) {
      const b = Buffer.alloc(n);
      b[at] = 1;
      expect(isAllZero(b)).toBe(false);
    }
    expect(isAllZero(Buffer.alloc(0))).toBe(true);
    const view = Buffer.alloc(10000, 1).subarray(100, 9000).fill(0);
    expect(isAllZero(view)).toBe(true);
  });

  it('leaves a hole only for a zero run of a file-system block or more', () => {
    expect(leavesHole(Buffer.alloc(HOLE_MIN))).toBe(true);
    expect(leavesHole(Buffer.alloc(HOLE_MIN - 1))).toBe(false);
    expect(leavesHole(Buffer.alloc(0))).toBe(false);
  });
});
