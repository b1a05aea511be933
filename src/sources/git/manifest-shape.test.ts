import { describe, expect, it } from 'vitest';
import { gitManifestSchema } from './manifest.js';
import { isGitManifest } from './manifest-shape.js';

const valid = {
  format: 'bulkhead-git-manifest/1',
  url: 'https://example.com/a.git',
  head: 'refs/heads/main',
  defaultBranch: 'main',
  refs: { 'refs/heads/main': 'a'.repeat(40) },
  files: [['.github/workflows/ci.yml', '100644', 'b'.repeat(40), 120]],
  pipelines: { main: [{ system: 'github-actions', path: '.github/workflows/ci.yml', blob: 'b'.repeat(40), triggers: ['push'], jobs: ['test'], valid: true }] },
  lfsObjects: 0,
  danglingHead: 'refs/heads/gone',
  submodules: [{ path: 'lib', url: 'https://example.com/lib.git', commit: 'c'.repeat(40) }],
  incomplete: { missing: ['d'.repeat(40)], count: 1, refs: ['refs/heads/main'] },
};

const broken: [string, unknown][] = [
  ['another format', { ...valid, format: 'bulkhead-git-manifest/2' }],
  ['no url', { ...valid, url: undefined }],
  ['head missing', { ...valid, head: undefined }],
  ['a ref naming a number', { ...valid, refs: { 'refs/heads/main': 7 } }],
  ['a file row of three', { ...valid, files: [['a', '100644', 'b']] }],
  ['a file size as text', { ...valid, files: [['a', '100644', 'b', '12']] }],
  ['pipelines not a list', { ...valid, pipelines: { main: {} } }],
  ['a pipeline that is null', { ...valid, pipelines: { main: [null] } }],
  ['a pipeline without its fields', { ...valid, pipelines: { main: [{}] } }],
  ['a pipeline\'s triggers as text', { ...valid, pipelines: { main: [{ ...valid.pipelines.main[0], triggers: 'push' }] } }],
  ['a fractional LFS count', { ...valid, lfsObjects: 1.5 }],
  ['a submodule without its commit', { ...valid, submodules: [{ path: 'lib' }] }],
  ['an incomplete count as text', { ...valid, incomplete: { ...valid.incomplete, count: '1' } }],
  ['an array', [valid]],
  ['null', null],
];

describe('the kept manifest, checked by hand', () => {
  it('accepts what gitManifestSchema accepts, optional fields absent or present', () => {
    const bare = Object.fromEntries(Object.entries(valid).filter(([k]) => !['lfsObjects', 'danglingHead', 'submodules', 'incomplete'].includes(k)));
    for (const m of [valid, bare, { ...valid, head: null, defaultBranch: null, files: [], pipelines: {} }]) {
      expect(gitManifestSchema.safeParse(m).success).toBe(true);
      expect(isGitManifest(m)).toBe(true);
    }
  });

  it.each(broken)('refuses %s, as the schema does', (_what, m) => {
    expect(gitManifestSchema.safeParse(m).success).toBe(false);
    expect(isGitManifest(m)).toBe(false);
  });
});
