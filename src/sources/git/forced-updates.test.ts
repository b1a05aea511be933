import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRewritten, clearRewritten, ForcedUpdates, loadRewritten, MAX_REWRITTEN, pendingPath } from './forced-updates.js';
import { mirrorDir, updateMirror } from './mirror-cache.js';
import { gitManifestSchema } from './manifest.js';
import { isGitManifest } from './manifest-shape.js';

const run = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1' }, encoding: 'utf8' }).trim();

describe('forced updates, as the mirror fetch reports them (real git)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-forced-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records a force-pushed branch, not a fast-forward, a deleted branch, a moved tag or a tag of the same name', async () => {
    const repo = join(dir, 'repo');
    run(dir, 'init', '-q', '-b', 'main', repo);
    for (const m of ['one', 'two', 'three']) run(repo, 'commit', '-q', '--allow-empty', '-m', m);
    run(repo, 'branch', 'dev');
    run(repo, 'branch', 'release/1.4');
    run(repo, 'tag', 'v1.2.0', 'HEAD~1');
    const cache = join(dir, 'cache');
    await updateMirror(cache, repo); // the clone: nothing before it, nothing recorded
    const mirror = mirrorDir(cache, repo);
    expect(existsSync(pendingPath(mirror))).toBe(false);

    run(repo, 'reset', '-q', '--hard', 'HEAD~2'); // main back two commits, then a new one: history rewritten
    run(repo, 'commit', '-q', '--allow-empty', '-m', 'rewritten');
    run(repo, 'checkout', '-q', 'dev');
    run(repo, 'commit', '-q', '--allow-empty', '-m', 'forward'); // dev fast-forwards
    run(repo, 'checkout', '-q', 'main');
    run(repo, 'branch', '-q', '-D', 'release/1.4');
    run(repo, 'tag', '-f', 'v1.2.0', 'main'); // a tag moved (git reports it as a tag update, not forced)
    run(repo, 'branch', 'v1.2.0', 'dev'); // a branch named as the tag
    await updateMirror(cache, repo);

    expect(await loadRewritten(mirror)).toEqual({ refs: ['refs/heads/main'], count: 1 });
    await clearRewritten(mirror);
    expect(await loadRewritten(mirror)).toBeUndefined();
  });

  it('reads only branch lines whose old tip is that branch, across chunk boundaries', () => {
    const f = new ForcedUpdates();
    const text = [
      'From /srv/repo',
      ' + 1234567...89abcde main       -> main  (forced update)',
      ' + aaaaaaa...bbbbbbb refs/pull/1/head -> refs/pull/1/head  (forced update)',
      ' + 0000000...1111111 v1         -> v1  (forced update)',
      '   2222222..3333333  dev        -> dev',
      ' t [tag update]      v1         -> v1',
      '',
    ].join('\n');
    for (let i = 0; i < text.length; i += 7) f.push(text.slice(i, i + 7)); // git's writes are split anywhere
    const before = new Map([
      ['refs/heads/main', '1234567aaaa'],
      ['refs/heads/dev', '2222222aaaa'],
      ['refs/heads/v1', 'fffffffaaaa'], // not the tip the line names: another ref of that short name
      ['refs/pull/1/head', 'aaaaaaa0000'],
    ]);
    expect(f.branches(before)).toEqual(['refs/heads/main']);
  });

  it('keeps what waits bounded, and counts a branch forced twice once', async () => {
    const mirror = join(dir, 'bounded.git');
    await addRewritten(mirror, ['refs/heads/main']);
    await addRewritten(mirror, ['refs/heads/main', ...Array.from({ length: MAX_REWRITTEN + 5 }, (_, i) => `refs/heads/f${String(i).padStart(3, '0')}`)]);
    const got = (await loadRewritten(mirror))!;
    expect(got.refs).toHaveLength(MAX_REWRITTEN);
    expect(got.refs).toContain('refs/heads/main');
    expect(got.count).toBe(MAX_REWRITTEN + 6);
  });

  it('is an optional, bounded field of the git manifest', () => {
    const m = { format: 'bulkhead-git-manifest/1', url: 'u', head: null, defaultBranch: null, refs: {}, files: [], pipelines: {} };
    const ok = { ...m, rewritten: { refs: ['refs/heads/main'], count: 1 } };
    const tooMany = { ...m, rewritten: { refs: Array.from({ length: MAX_REWRITTEN + 1 }, (_, i) => `refs/heads/b${i}`), count: MAX_REWRITTEN + 1 } };
    expect(gitManifestSchema.safeParse(m).success).toBe(true);
    expect(gitManifestSchema.safeParse(ok).success).toBe(true);
    expect(gitManifestSchema.safeParse(tooMany).success).toBe(false);
    expect(isGitManifest(ok)).toBe(true);
    expect(isGitManifest(tooMany)).toBe(false);
  });
});
