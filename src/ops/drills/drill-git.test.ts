import { describe, expect, it } from 'vitest';
import { verifiedCounts } from './drill-git.js';

describe("a repository's drill step", () => {
  it('counts refs and pipelines in words, one or many', () => {
    expect(verifiedCounts(1, 1, 0)).toBe('1 ref; 1 pipeline parsed as in the snapshot');
    expect(verifiedCounts(3, 2, 1)).toBe('3 refs; 2 pipelines parsed as in the snapshot (1 invalid then and now)');
  });
});
