import { describe, expect, it } from 'vitest';

describe('toEqual on byte arrays (test/setup/buffer-equality.ts)', () => {
  it('tells equal bytes from different ones, of any length, as before', () => {
    const big = Buffer.alloc(1 << 20, 7);
    expect(Buffer.from(big)).toEqual(big);
    const changed = Buffer.from(big);
    changed[changed.length - 1] = 8;
    expect(changed).not.toEqual(big);
    expect(big.subarray(1)).not.toEqual(big);
    expect(new Uint8Array([1, 2])).toEqual(new Uint8Array([1, 2]));
    expect({ data: Buffer.from('a') }).toEqual({ data: Buffer.from('a') });
    expect({ data: Buffer.from('a') }).not.toEqual({ data: Buffer.from('b') });
  });
});
