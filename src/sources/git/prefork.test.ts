import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { initBare } from '../../../test/helpers/git-fast.js';
import { CAT_FILE_ARGS, CatFile } from './cat-file.js';
import { git, gitProcesses, preforkGit } from './git.js';

describe('git processes forked ahead by one shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-prefork-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'r.git');
  initBare(repo);
  const blob = spawnSync('git', ['--git-dir', repo, 'hash-object', '-w', '--stdin'], { input: 'hello\n', encoding: 'utf8' }).stdout.trim();

  it('serve the callers that ask for them as spawned ones would: input, output, exit code, failures', async () => {
    const walk = ['rev-list', '--stdin'];
    const held = preforkGit([
      { gitDir: repo, args: CAT_FILE_ARGS },
      { gitDir: repo, args: ['hash-object', '--stdin'] },
      { gitDir: repo, args: walk },
    ]);
    try {
      const objects = new CatFile(repo);
      const hashed = git(['hash-object', '--stdin'], { gitDir: repo, input: Promise.resolve('hello\n') });
      const [got, id] = await Promise.all([objects.getMany([blob, 'nope']), hashed]);
      objects.close();
      expect(got.map((o) => o?.content.toString())).toEqual(['hello\n', undefined]);
      expect(id.stdout.toString().trim()).toBe(blob);
      expect(held.taken()).toBe(2);
      // git's own failure comes back as its exit code and stderr
      await expect(git(walk, { gitDir: repo, input: `${'0'.repeat(40)}\n` })).rejects.toThrow(/rev-list failed: .*bad object/);
      expect(held.taken()).toBe(3);
    } finally {
      held.close();
    }
  });

  it('start only when taken: one not asked for never runs, one asked for twice is spawned the second time', async () => {
    const before = gitProcesses.spawned;
    const held = preforkGit([{ gitDir: repo, args: ['hash-object', '--stdin'] }, { gitDir: join(dir, 'nothing-here.git'), args: ['fsck'] }]);
    try {
      const [a, b] = await Promise.all([git(['hash-object', '--stdin'], { gitDir: repo, input: 'hello\n' }), git(['hash-object', '--stdin'], { gitDir: repo, input: 'hello\n' })]);
      expect([a.stdout.toString().trim(), b.stdout.toString().trim()]).toEqual([blob, blob]);
      expect(gitProcesses.spawned - before).toBe(2);
      expect(held.taken()).toBe(1);
    } finally {
      held.close();
    }
  });
});
