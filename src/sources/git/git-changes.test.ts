import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { fetchOther, movedRefs } from './git-changes.js';

const refsOf = (gitDir: string) =>
  spawnSync('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(refname)'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .sort();

describe('the other side of a git diff: only the refs that moved are fetched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-git-changes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const live = join(dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { a: '1' } },
    { ref: 'refs/heads/main', files: { a: '2' } },
    { ref: 'refs/pull/1/head', files: { b: '1' } },
  ]);

  it('names the refs on both sides whose commits differ, never one only one side has', () => {
    expect(movedRefs({ 'refs/heads/main': 'a', 'refs/heads/gone': 'b', 'refs/tags/v1': 'c', HEAD: 'a' }, { 'refs/heads/main': 'x', 'refs/tags/v1': 'c', 'refs/heads/new': 'y', HEAD: 'x' })).toEqual(['refs/heads/main']);
  });

  it('fetches the named refs into refs/other/, nothing when none moved, and every ref when a named one vanished', async () => {
    for (const [name, from] of [['by-url.git', `file://${live}`], ['by-path.git', live]] as const) {
      const mirror = join(dir, name);
      initBare(mirror);
      await fetchOther(mirror, from, []);
      expect(refsOf(mirror)).toEqual([]);
      await fetchOther(mirror, from, ['refs/heads/main']);
      expect(refsOf(mirror)).toEqual(['refs/other/heads/main']);
    }
    // Deleted on the live side since it was listed (an incident in progress): a URL's fetch takes every ref instead.
    const mirror = join(dir, 'vanished.git');
    initBare(mirror);
    await fetchOther(mirror, `file://${live}`, ['refs/heads/deleted-meanwhile']);
    expect(refsOf(mirror)).toEqual(['refs/other/heads/main', 'refs/other/pull/1/head']);
  });
});
