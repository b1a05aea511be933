import { describe, expect, it } from 'vitest';
import type { GitManifest } from '../../sources/git/manifest.js';
import { refAt } from './ref-tree.js';

describe('a browse path under refs names a ref and a path in its commit', () => {
  const m = { refs: { 'refs/heads/main': 'a1', 'refs/heads/feature/x': 'b2', 'refs/tags/v1': 'c3' } } as unknown as GitManifest;

  it('splits at the ref, whose name holds slashes', () => {
    expect(refAt(m, 'refs/heads/feature/x')).toEqual({ ref: 'refs/heads/feature/x', commit: 'b2', path: '' });
    expect(refAt(m, 'refs/heads/feature/x/src/a.txt')).toEqual({ ref: 'refs/heads/feature/x', commit: 'b2', path: 'src/a.txt' });
    expect(refAt(m, 'refs/tags/v1/app.txt')).toEqual({ ref: 'refs/tags/v1', commit: 'c3', path: 'app.txt' });
  });

  it('is undefined for a prefix of refs or a ref the snapshot lacks', () => {
    expect(refAt(m, 'refs/heads')).toBeUndefined();
    expect(refAt(m, 'refs/heads/feature')).toBeUndefined();
    expect(refAt(m, 'refs/heads/mainline/a')).toBeUndefined();
  });
});
