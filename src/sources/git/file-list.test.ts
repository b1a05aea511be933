import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { CatFile } from './cat-file.js';
import { filesAt } from './file-list.js';
import { TreeReader } from './git-tree.js';

/** `git ls-tree -r -l` as [path, mode, oid, size] rows. */
function lsTree(repo: string, rev: string): [string, string, string, number][] {
  const out = spawnSync('git', ['--git-dir', repo, 'ls-tree', '-r', '-l', '-z', rev], { encoding: 'utf8' }).stdout;
  return out
    .split('\0')
    .filter(Boolean)
    .map((row) => {
      const [meta, path] = row.split('\t') as [string, string];
      const [mode, , oid, size] = meta.split(/\s+/) as [string, string, string, string];
      return [path, mode, oid, size === '-' ? 0 : Number(size)];
    });
}

describe('the file list at a commit, read through cat-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-file-list-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'r.git');
  initBare(repo);
  fastImport(repo, [{ ref: 'refs/heads/main', files: { 'z.txt': 'z\n', 'a b/ü ñ.md': 'unicode\n', 'a b/c/d/e.txt': 'deep\n', 'a-b.txt': 'sorts between\n', 'mod/x': { gitlink: 'c'.repeat(40) }, empty: '' } }]);
  // An executable file and a symlink, which fast-import's inline helper does not write.
  const tree = spawnSync('git', ['--git-dir', repo, 'mktree'], {
    input: `100755 blob ${spawnSync('git', ['--git-dir', repo, 'hash-object', '-w', '--stdin'], { input: '#!/bin/sh\n', encoding: 'utf8' }).stdout.trim()}\trun.sh\n120000 blob ${spawnSync('git', ['--git-dir', repo, 'hash-object', '-w', '--stdin'], { input: 'z.txt', encoding: 'utf8' }).stdout.trim()}\tlink\n040000 tree ${spawnSync('git', ['--git-dir', repo, 'rev-parse', 'main^{tree}'], { encoding: 'utf8' }).stdout.trim()}\tsub\n`,
    encoding: 'utf8',
  }).stdout.trim();
  const commit = spawnSync('git', ['--git-dir', repo, 'commit-tree', tree, '-m', 'x'], { encoding: 'utf8' }).stdout.trim();

  it('equals git ls-tree -r -l: order, canonical modes, sizes, gitlinks at size 0', async () => {
    const objects = new CatFile(repo);
    try {
      for (const rev of [commit, spawnSync('git', ['--git-dir', repo, 'rev-parse', 'main'], { encoding: 'utf8' }).stdout.trim()]) {
        expect(await filesAt(new TreeReader(objects), objects, rev)).toEqual(lsTree(repo, rev));
      }
    } finally {
      objects.close();
    }
  });
});
