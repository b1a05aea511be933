import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';

/**
 * Issue 18: a dry run of a git source listed its mirror's internals (HEAD, hooks/…), and --ref with
 * --dry-run said the source "is not" a git source. A dry run is the plan the restore runs: refs,
 * files at a commit, a pipeline on a new branch, as the restore will write them; nothing written.
 */
describe('restore --dry-run on a git source', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const work = join(ws.dir, 'work');
  mkdirSync(join(work, '.github/workflows'), { recursive: true });
  sh(work, 'init', '-q', '-b', 'main');
  writeFileSync(join(work, '.github/workflows/ci.yml'), 'name: CI\non: [push]\njobs: { b: { runs-on: x, steps: [{ run: make }] } }\n');
  writeFileSync(join(work, 'README.md'), 'hello\n');
  sh(work, 'add', '-A');
  sh(work, 'commit', '-q', '-m', 'one');
  sh(work, 'tag', 'v1');
  writeFileSync(join(work, 'later.txt'), 'after v1\n');
  sh(work, 'add', '-A');
  sh(work, 'commit', '-q', '-m', 'two');
  sh(work, 'branch', 'feature');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);
  const main = sh(work, 'rev-parse', 'main');
  const target = join(ws.dir, 'never');

  it('lists the refs the restore pushes, never the mirror internals, and writes nothing', async () => {
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--target', target));
    expect(r.stdout).toContain('Plan: restore repository app');
    expect(r.stdout).toContain(`a bare repository at ${target}: 3 refs`);
    expect(r.stdout).toContain(`refs/heads/main → ${main.slice(0, 12)}`);
    expect(r.stdout).toContain('refs/heads/feature');
    expect(r.stdout).toContain('refs/tags/v1');
    expect(r.stdout).not.toMatch(/\bHEAD\b|hooks\/|packed-refs|objects\//);
    expect(existsSync(target)).toBe(false);
  });

  it('with --ref lists that ref alone (a git source, not "is not one")', async () => {
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--ref', 'refs/heads/feature', '--target', target));
    expect(r.stdout).toContain(`push to ${target}: 1 ref`); // into the repository there, not a new bare one
    expect(r.stdout).toContain('refs/heads/feature');
    expect(r.stdout).not.toContain('refs/heads/main');
    const json = JSON.parse((await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--ref', 'refs/heads/feature', '--target', target, '--json'))).stdout) as { dryRun: boolean; item: { type: string; writes: string[] } };
    expect(json).toMatchObject({ dryRun: true, item: { type: 'git-repo' } });
    const missing = await ws.here(ws.operator('restore', 'latest:app', '--dry-run', '--ref', 'refs/heads/gone', '--target', target));
    expect(missing.stderr).toContain('has no ref refs/heads/gone');
    expect(existsSync(target)).toBe(false);
  });

  it('takes a ref by the short name git would (feature, v1), as git push does', async () => {
    const dry = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--ref', 'v1', '--target', target));
    expect(dry.stdout).toContain('refs/tags/v1');
    const bare = join(ws.dir, 'short-names.git');
    sh(ws.dir, 'init', '-q', '--bare', bare);
    // An empty repository has no pipelines: the branch's workflow is drift the operator consents to.
    await ws.hereOk(ws.operator('restore', 'latest:app', '--ref', 'feature', '--allow-pipeline-changes', '--target', bare));
    expect(sh(bare, 'rev-parse', 'refs/heads/feature')).toBe(main);
    expect(sh(bare, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/feature');
  });

  it('ls below a git source lists what the console browses (refs, a ref\'s files, files, pipelines), never the mirror\'s own files', async () => {
    const refs = await ws.hereOk(ws.operator('ls', 'latest:app/refs'));
    expect(refs.stdout).toMatch(/refs\/heads\/feature\/ +[0-9a-f]{40}/);
    expect(refs.stdout).toContain('refs/tags/v1/');
    const atV1 = await ws.hereJson<{ rows: { name: string; kind: string }[] }>(ws.operator('ls', 'latest:app/refs/refs/tags/v1'));
    expect(atV1.rows.map((r) => r.name)).toEqual(['.github', 'README.md']); // later.txt came after v1
    expect((await ws.hereOk(ws.operator('ls', 'latest:app/files/.github/workflows'))).stdout).toMatch(/^- +\d+ B +ci\.yml/m);
    expect((await ws.hereOk(ws.operator('ls', 'latest:app/pipelines'))).stdout).toContain('.github/workflows/ci.yml');
    const internals = await ws.here(ws.operator('ls', 'latest:app/objects'));
    expect(internals.stderr).toContain('app/objects is not part of a git source; use refs, pipelines or files');
    expect((await ws.hereOk(ws.operator('ls', 'latest:app'))).stdout).toContain('app/refs/REF/PATH');
  });

  it('with --at/--path lists the files at that commit, from the default branch and from a tag', async () => {
    const now = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--at', 'main', '--path', '.', '--target', target));
    expect(now.stdout).toMatch(/\.github\/workflows\/ci\.yml/);
    expect(now.stdout).toContain('later.txt');
    const tagged = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--at', 'refs/tags/v1', '--path', '.', '--target', target));
    expect(tagged.stdout).toContain('README.md');
    expect(tagged.stdout).not.toContain('later.txt');
    expect(existsSync(target)).toBe(false);
  });

  it('with --pipeline names the file and the new branch', async () => {
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--pipeline', '.github/workflows/ci.yml', '--as-branch', 'restore-ci', '--target', work));
    expect(r.stdout).toMatch(/\.github\/workflows\/ci\.yml on a new branch restore-ci/);
    expect(sh(work, 'branch', '--list', 'restore-ci')).toBe('');
  });

  it('refuses a whole repository into a folder that is not empty in the plan, as the run does', async () => {
    const plan = await ws.here(ws.operator('restore', 'latest:app', '--dry-run', '--target', work));
    const run = await ws.here(ws.operator('restore', 'latest:app', '--target', work));
    expect(plan.stderr).toContain(`${work} is not empty; choose a new path for the restored repository`);
    expect(run.stderr).toContain(`${work} is not empty; choose a new path for the restored repository`);
    expect(plan.code).toBe(run.code);
    expect(plan.code).not.toBe(0);
  });

  it('keeps an scp-like remote (git@host:owner/repo.git) a remote, not a folder beside the operator', async () => {
    const remote = 'git@forge.invalid:acme/api.git';
    const r = JSON.parse((await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--ref', 'refs/heads/feature', '--target', remote, '--json'))).stdout) as { target: string; item: { writes: string[] } };
    expect(r.target).toBe(remote);
    expect(r.item.writes[0]).toBe(`push to ${remote}: 1 ref`);
    const whole = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--target', remote));
    expect(whole.stdout).toContain(`push to ${remote}: 3 refs`);
    expect(existsSync(join(ws.dir, 'git@forge.invalid:acme'))).toBe(false);
  });

  it('says why a branch checked out in a working copy is not moved, and leaves it as it was', async () => {
    const copy = join(ws.dir, 'checkout');
    sh(ws.dir, 'clone', '-q', work, copy);
    writeFileSync(join(copy, 'local.txt'), 'work in progress\n');
    sh(copy, 'add', '-A');
    sh(copy, 'commit', '-q', '-m', 'local');
    const before = sh(copy, 'rev-parse', 'HEAD');
    const r = await ws.here(ws.operator('restore', 'latest:app', '--ref', 'refs/heads/main', '--force', '--target', copy));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`refs/heads/main is checked out in the working copy at ${copy}`);
    expect(r.stderr).not.toContain('remote rejected');
    expect(sh(copy, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('--ref on a source that is not git is a usage error', async () => {
    const files = join(ws.dir, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'a.txt'), 'a\n');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${files}`]);
    const r = await ws.here(ws.operator('restore', 'latest:cfg', '--dry-run', '--ref', 'refs/heads/main', '--target', target));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ref applies to git sources');
  });

  it('"latest:app" is the newest snapshot holding app, when a later run backed up only another source (ls, restore, diff)', async () => {
    const other = join(ws.dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'x.yaml'), 'x: 1\n');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `cfg=dir:${other}`]);
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--dry-run', '--target', target));
    expect(r.stdout).toContain(`a bare repository at ${target}: 3 refs`);
    expect(r.stderr).toBe(''); // a snapshot without app is no candidate, and nothing to warn about
    const diff = await ws.hereOk(ws.operator('diff', 'latest:app', '--live'));
    expect(diff.stdout).toMatch(/^app \(git\): \+0 -0 M0$/m);
    expect(diff.stdout).not.toContain('cfg');
    // The whole latest (the cfg run) names app as backed up in other runs, with the command for it.
    expect((await ws.hereOk(ws.operator('diff', 'latest', '--live'))).stderr).toMatch(/^note: app is not in \w+: it is backed up in other runs .*; for it: "bulkhead diff latest:app --live"$/m);
    const whole = await ws.hereOk(ws.operator('restore', 'latest', '--dry-run', '--target', target));
    expect(whole.stderr).toContain(`for it: "bulkhead restore latest:app --target ${join(target, 'app')}"`);
    // snapshots says which sources' own latest is not the one marked *, and --json maps each source to its own
    const listed = await ws.hereJson<{ latest: string; latestFor: Record<string, string>; snapshots: { id: string; sources: { name: string }[] }[] }>(ws.operator('snapshots'));
    const appSnap = listed.snapshots.filter((s) => s.sources.some((x) => x.name === 'app')).at(-1)!.id;
    expect(listed.latestFor.app).toBe(appSnap);
    expect(listed.latestFor.cfg).toBe(listed.latest);
    expect((await ws.hereOk(ws.operator('snapshots'))).stdout).toContain(`for these it is another: app → ${appSnap}`);
    const missing = await ws.here(ws.operator('ls', 'latest:nope'));
    expect(missing.stderr).toMatch(/no snapshot holds a source named "nope"/);
  });
});
