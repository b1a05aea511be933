import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expectedSeconds } from './sequencer.js';
import { KNOWN_SECONDS } from './slow-files.js';

describe('the slowest-first order of test files', () => {
  it('lists only files that exist: a renamed slow file would otherwise quietly lose its place', () => {
    expect(Object.keys(KNOWN_SECONDS).filter((f) => !existsSync(f))).toEqual([]);
  });

  it('takes a listed file at its measured seconds, and guesses an unlisted one from its size and project', () => {
    const [file, seconds] = Object.entries(KNOWN_SECONDS)[0]!;
    expect(expectedSeconds('integration', file)).toBe(seconds);
    const fresh = join(process.env.TMPDIR!, 'new.test.ts');
    writeFileSync(fresh, 'x'.repeat(4096));
    const rel = relative(process.cwd(), fresh);
    expect(expectedSeconds('integration', rel)).toBeCloseTo(6);
    expect(expectedSeconds('e2e', rel)).toBeGreaterThan(expectedSeconds('integration', rel));
    expect(expectedSeconds('unit', rel)).toBeLessThan(1);
  });
});
