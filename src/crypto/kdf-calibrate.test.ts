import { describe, expect, it } from 'vitest';
import { calibrateScrypt, DEFAULT_SCRYPT } from './kdf.js';

describe('scrypt calibration', () => {
  it('picks a power-of-two N within bounds, larger for a larger unlock time', async () => {
    const quick = await calibrateScrypt(50);
    const slow = await calibrateScrypt(3000);
    for (const { cost } of [quick, slow]) {
      expect(Number.isInteger(Math.log2(cost.N))).toBe(true);
      expect(cost.N).toBeGreaterThanOrEqual(DEFAULT_SCRYPT.N / 4);
      expect(cost.N).toBeLessThanOrEqual(2 ** 20);
      expect(cost).toMatchObject({ r: 8, p: 1 });
    }
    expect(slow.cost.N).toBeGreaterThan(quick.cost.N); // 60× the time: about 6 doublings apart
  });
});
