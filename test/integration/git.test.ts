import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { gitDaemon, makeCommits, makeRepo, sh } from '../helpers/git.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { Listing } from '../../src/ops/browse/ls.js';

describe('git repositories served by git daemon on loopback', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const remotes = join(ws.dir, 'remotes');
  mkdirSync(remotes);
  const work = join(ws.dir, 'work');
  mkdirSync(work);
  makeRepo(work, 6);
  sh(remotes, 'clone', '-q', '--bare', work, 'app.git');
  const daemon = await gitDaemon(remotes);
  afterAll(() => daemon.stop());
  const url = daemon.url('app.git');
  sh(work, 'remote', 'add', 'origin', url);
  const refsAtBackup = sh(join(remotes, 'app.git'), 'for-each-ref', '--format=%(objectname) %(refname)');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${url}`]);

  it('records refs, default branch, files and pipelines (invalid YAML kept as invalid)', async () => {
    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'));
    expect(git!.defaultBranch).toBe('main');
    expect(Object.keys(git!.refs).sort()).toEqual(['refs/heads/feature', 'refs/heads/main', 'refs/tags/v1']);
    expect(git!.files.map((f) => f[0])).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.gitlab-ci.yml', 'app.txt']));
    const main = git!.pipelines.main!;
    expect(main.find((p) => p.system === 'github-actions')).toMatchObject({ name: 'CI', triggers: ['push'], jobs: ['build'], valid: true });
    expect(main.find((p) => p.system === 'gitlab-ci')).toMatchObject({ valid: false });
  });

  it('reports exactly what an agent destroyed: a branch, a force-push, a moved tag, a workflow', async () => {
    sh(work, 'fetch', '-q', 'origin');
    sh(work, 'push', '-q', 'origin', ':refs/heads/feature');
    sh(work, 'tag', '-f', '-a', 'v1', '-m', 'moved', 'HEAD');
    sh(work, 'push', '-q', '--force', 'origin', 'refs/tags/v1');
    sh(work, 'reset', '-q', '--hard', 'HEAD~3');
    sh(work, 'rm', '-q', '.github/workflows/ci.yml');
    sh(work, 'commit', '-q', '-m', 'agent was here');
    sh(work, 'push', '-q', '--force', 'origin', 'main');
    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'));
    const changes = diff.sources.find((s) => s.name === 'app')!.changes.map((c) => [c.type, c.path ?? ('ref' in c ? c.ref : undefined)]);
    expect(changes).toEqual([
      ['ref-deleted', 'refs/heads/feature'],
      ['ref-rewritten', 'refs/heads/main'],
      ['tag-moved', 'refs/tags/v1'],
      ['pipeline-deleted', '.github/workflows/ci.yml'],
    ]);
    // In text, a pipeline change names its file and its branch, not the blob ids alone.
    expect((await ws.hereOk(ws.operator('diff', 'latest', '--live'))).stdout).toMatch(/^ {2}pipeline-deleted \.github\/workflows\/ci\.yml on main [0-9a-f]{12} → ∅$/m);
  });

  it('reports a default branch changed on the remote, with the branch it was and the one it is', async () => {
    const bare = join(remotes, 'app.git');
    sh(bare, 'branch', 'trunk', 'main');
    sh(bare, 'symbolic-ref', 'HEAD', 'refs/heads/trunk');
    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'));
    const changes = diff.sources.find((s) => s.name === 'app')!.changes;
    expect(changes).toContainEqual({ type: 'default-branch-changed', before: 'main', after: 'trunk' });
    expect(changes).toContainEqual(expect.objectContaining({ type: 'ref-created', ref: 'refs/heads/trunk' }));
    sh(bare, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    sh(bare, 'branch', '-D', 'trunk');
  });

  it('brings back a deleted branch with the same commit and refuses to replace a moved ref without --force', async () => {
    const before = Object.fromEntries(refsAtBackup.split('\n').map((l) => l.split(' ').reverse()));
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', url, '--ref', 'refs/heads/feature'));
    expect(sh(join(remotes, 'app.git'), 'rev-parse', 'refs/heads/feature')).toBe(before['refs/heads/feature']);
    const refused = await ws.here(ws.operator('restore', 'latest:app', '--target', url, '--ref', 'refs/heads/main'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already has refs\/heads\/main at another commit.*--force/);
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', url, '--ref', 'refs/heads/main', '--force'));
    expect(sh(join(remotes, 'app.git'), 'rev-parse', 'refs/heads/main')).toBe(before['refs/heads/main']);
  });

  it('restores the whole repository into a new bare repo and into an empty remote, verified', async () => {
    const target = join(ws.dir, 'restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', target));
    expect(sh(target, 'for-each-ref', '--format=%(objectname) %(refname)')).toBe(refsAtBackup);
    sh(target, 'fsck', '--full');
    const busy = await ws.here(ws.operator('restore', 'latest:app', '--target', target));
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/not empty.*--force/);
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', target, '--force'));
    expect(sh(target, 'for-each-ref', '--format=%(objectname) %(refname)')).toBe(refsAtBackup);
    sh(remotes, 'init', '-q', '--bare', 'empty.git');
    sh(join(remotes, 'empty.git'), 'symbolic-ref', 'HEAD', 'refs/heads/master');
    // An empty remote has no pipeline of its own: the repository's are pushed with consent (rogue-ci-plan.test.ts).
    const pushed = await ws.hereOk(ws.operator('restore', 'latest:app', '--target', daemon.url('empty.git'), '--allow-pipeline-changes'));
    expect(sh(join(remotes, 'empty.git'), 'for-each-ref', '--format=%(objectname) %(refname)')).toBe(refsAtBackup);
    // A push cannot set a forge's default branch: the operator is told to, by name.
    expect(pushed.stdout).toContain(`Still to do: set the default branch of ${daemon.url('empty.git')} to main`);
    sh(remotes, 'init', '-q', '--bare', 'local.git');
    sh(join(remotes, 'local.git'), 'symbolic-ref', 'HEAD', 'refs/heads/master');
    const local = await ws.hereOk(ws.operator('restore', 'latest:app', '--target', `file://${join(remotes, 'local.git')}`, '--allow-pipeline-changes'));
    expect(sh(join(remotes, 'local.git'), 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(local.stdout).not.toContain('Still to do');
    const again = await ws.here(ws.operator('restore', 'latest:app', '--target', daemon.url('empty.git')));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    rmSync(target, { recursive: true });
  });

  it('restores one file as of a commit, and a pipeline onto a new branch off the live default', async () => {
    const out = join(ws.dir, 'at-path');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--at', 'refs/tags/v1', '--path', '.github', '--target', out));
    expect(readFileSync(join(out, '.github/workflows/ci.yml'), 'utf8')).toMatch(/name: CI/);
    const refused = await ws.here(ws.operator('restore', 'latest:app', '--pipeline', '.github/workflows/ci.yml', '--target', url, '--as-branch', 'main'));
    expect(refused.stderr).toMatch(/must not be the default branch/);
    sh(work, 'fetch', '-q', 'origin');
    sh(work, 'reset', '-q', '--hard', 'origin/main');
    sh(work, 'rm', '-q', '.github/workflows/ci.yml');
    sh(work, 'commit', '-q', '-m', 'agent deletes the workflow');
    sh(work, 'push', '-q', 'origin', 'main');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--pipeline', '.github/workflows/ci.yml', '--target', url, '--as-branch', 'restore-ci'));
    const bare = join(remotes, 'app.git');
    expect(sh(bare, 'diff', '--name-status', 'main', 'restore-ci')).toBe('A\t.github/workflows/ci.yml');
    expect(sh(bare, 'rev-parse', 'restore-ci^')).toBe(sh(bare, 'rev-parse', 'main'));
  });

  it('backs up many repositories from a git-list file and diffs snapshot against snapshot', async () => {
    const other = join(ws.dir, 'other');
    mkdirSync(other);
    makeRepo(other, 3);
    writeFileSync(join(ws.dir, 'repos.txt'), `# fleet\n${url}\n${other}\n`);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'git-list:repos.txt']);
    const snaps = (await ws.hereJson<{ snapshots: { id: string; sources: { name: string }[] }[] }>(ws.operator('snapshots'))).snapshots;
    const last = snaps[snaps.length - 1]!;
    expect(last.sources.map((s) => s.name).sort()).toEqual(['app', 'other']);
    sh(other, 'branch', '-D', 'feature');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'git-list:repos.txt']);
    const newest = (await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots.at(-1)!;
    const diff = await ws.hereJson<DiffResult>(ws.operator('diff', last.id, newest.id));
    expect(diff.sources.find((s) => s.name === 'other')!.changes).toEqual([expect.objectContaining({ type: 'ref-deleted', ref: 'refs/heads/feature' })]);
    expect(diff.sources.find((s) => s.name === 'app')!.changes).toEqual([]);
  });

  it('a day-2 backup after 20 more commits adds about the new objects, not the repo again', async () => {
    const big = join(ws.dir, 'big');
    mkdirSync(big);
    makeRepo(big, 200, (i) => `${'line of code\n'.repeat(200)}${i}\n${Math.random()}\n`);
    const backup = () => ws.hereJson<{ bytesAdded: number }>(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `big=git:${big}`]);
    const day1 = await backup();
    makeCommits(big, 20, (i) => `day two ${i} ${Math.random()}\n`);
    const day2 = await backup();
    expect(day2.bytesAdded).toBeLessThan(day1.bytesAdded * 0.3);
  });
});
