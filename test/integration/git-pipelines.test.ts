import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliWorkspace } from '../helpers/cli.js';
import { sh, lfsWorkTree } from '../helpers/git.js';
import { fastImport, initBare, type FastCommit } from '../helpers/git-fast.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { Listing } from '../../src/ops/browse/ls.js';
import type { GitChange } from '../../src/sources/git/git-changes.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));
const PINNED = 'a'.repeat(40);
const DRONE = 'kind: pipeline\nname: build\nsteps:\n  - name: test\n---\nkind: pipeline\nname: deploy\nsteps:\n  - name: ship\n';
const GITLAB = '.base: &base\n  image: alpine\n.tags: &tags\n  tags: [docker]\nunit:\n  <<: *base\n  <<: *tags\n  script: [make]\n  script: [make test]\nlint:\n  script:\n    - !reference [.base, image]\n';
const workflow = (name: string) => `name: ${name}\non: push\njobs:\n  build:\n    runs-on: x\n`;

/** main with every kind of pipeline the issue names and a submodule; releases/v6 with its own workflow; a tag; many topic branches. */
function makeCi(dir: string): void {
  initBare(dir);
  const main: FastCommit = {
    ref: 'refs/heads/main',
    files: {
      '.drone.yml': DRONE,
      '.gitlab-ci.yml': GITLAB,
      '.travis.yml': 'language: go\njobs:\n  include:\n    - name: unit\n',
      'appveyor.yml': 'build_script:\n  - make\ntest_script:\n  - make test\n',
      '.cirrus.yml': 'test_task:\n  script: make test\n',
      '.github/workflows/ci.yml': workflow('CI'),
      '.gitmodules': '[submodule "lib"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n',
      'vendor/lib': { gitlink: PINNED },
      'README': 'hello\n',
    },
  };
  const release: FastCommit = { ref: 'refs/heads/releases/v6', from: 'refs/heads/main', files: { '.github/workflows/release.yml': workflow('Release') } };
  const topics = Array.from({ length: 150 }, (_, i): FastCommit => ({ ref: `refs/heads/topic-${i}`, from: 'refs/heads/main', files: { [`t${i}`]: `${i}\n` } }));
  fastImport(dir, [main, release, ...topics], 'reset refs/tags/v1\nfrom refs/heads/main\n\n');
}

describe('git sources as real repositories have them', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const ci = join(ws.dir, 'ci.git');
  makeCi(ci);
  // A bare repository whose HEAD names a branch that was never pushed.
  const dangling = join(ws.dir, 'dangling.git');
  initBare(dangling, 'trunk');
  fastImport(dangling, [
    { ref: 'refs/heads/master', files: { '.github/workflows/ci.yml': workflow('Old') } },
    { ref: 'refs/heads/zeta', files: { x: 'x\n' } },
  ]);
  // LFS objects only in history: the pointer and .gitattributes are gone at every tip.
  const lfs = join(ws.dir, 'lfs');
  lfsWorkTree(lfs);
  writeFileSync(join(lfs, 'model.bin'), randomBytes(50_000));
  sh(lfs, 'add', '-A');
  sh(lfs, 'commit', '-q', '-m', 'model');
  sh(lfs, 'rm', '-q', 'model.bin', '.gitattributes');
  writeFileSync(join(lfs, 'README'), 'no LFS here any more\n');
  sh(lfs, 'add', '-A');
  sh(lfs, 'commit', '-q', '-m', 'drop the model');

  const first = await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `ci=git:${ci}`, '--source', `dangling=git:${dangling}`, '--source', `lfs=git:${lfs}`]);
  // One `ls` per source: the first two tests read the same listing of ci (the snapshot changes only in the last two).
  const listings = new Map<string, Promise<NonNullable<Listing['git']>>>();
  const listing = (name: string) => listings.get(name) ?? listings.set(name, ws.hereJson<Listing>(ws.operator('ls', `latest:${name}`)).then((l) => l.git!)).get(name)!;

  it('parses multi-document Drone, GitLab merge keys, duplicate keys and !reference, Travis, AppVeyor and Cirrus as valid, quietly', async () => {
    const main = (await listing('ci')).pipelines.main!;
    expect(main.map((p) => [p.system, p.path, p.valid])).toEqual([
      ['drone', '.drone.yml', true],
      ['github-actions', '.github/workflows/ci.yml', true],
      ['gitlab-ci', '.gitlab-ci.yml', true],
      ['travis', '.travis.yml', true],
      ['appveyor', 'appveyor.yml', true],
      ['cirrus', '.cirrus.yml', true],
    ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)));
    expect(main.find((p) => p.system === 'drone')!.jobs).toEqual(['build/test', 'deploy/ship']);
    expect(main.find((p) => p.system === 'gitlab-ci')!.jobs).toEqual(['unit', 'lint']);
    expect(first.stderr).not.toMatch(/reference|Unresolved tag/i);
  });

  it('records a submodule as one, with its URL and pinned commit, not as a 0-byte file', async () => {
    const m = await listing('ci');
    expect(m.submodules).toEqual([{ path: 'vendor/lib', url: 'https://example.com/lib.git', commit: PINNED }]);
    expect(m.files.find((f) => f[0] === 'vendor/lib')?.[1]).toBe('160000');
  });

  it('says so when HEAD dangles, and takes master as the default branch', async () => {
    expect(first.stderr).toMatch(/HEAD names refs\/heads\/trunk, which does not exist; master is taken as the default branch/);
    const m = await listing('dangling');
    expect(m).toMatchObject({ defaultBranch: 'master', danglingHead: 'refs/heads/trunk' });
    expect(m.pipelines.master![0]!.name).toBe('Old');
  });

  it('finds LFS objects that only the history points to', async () => {
    expect((await listing('lfs')).lfsObjects).toBe(1);
  });

  it('`ls … | head` stops quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ls --store "${ws.store}" --identity id.json latest:ci --json | head -n 1`], { cwd: ws.dir, env: ws.env, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('{');
    expect(r.stderr).toBe('');
  });

  it('reports pipeline changes on every branch that moved, a moved tag as tag-moved, with the whole patch', async () => {
    fastImport(ci, [
      { ref: 'refs/heads/releases/v6', from: 'refs/heads/releases/v6^0', files: { '.github/workflows/release.yml': null } },
      { ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/ci.yml': workflow('CI 2') } },
    ], 'reset refs/tags/v1\nfrom refs/heads/releases/v6^0\n\n');
    const live = (await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'))).sources.find((s) => s.name === 'ci')!;
    const changes = (live.changes as GitChange[]).map((c) => [c.type, c.ref, c.path]);
    expect(changes).toEqual([
      ['ref-moved', 'refs/heads/main', undefined],
      ['ref-moved', 'refs/heads/releases/v6', undefined],
      ['tag-moved', 'refs/tags/v1', undefined],
      ['pipeline-changed', 'refs/heads/main', '.github/workflows/ci.yml'],
      ['pipeline-deleted', 'refs/heads/releases/v6', '.github/workflows/release.yml'],
    ]);
    expect((live.changes as GitChange[]).find((c) => c.type === 'pipeline-changed')!.atDefaultBranch).toBe(true);
    const text = (await ws.hereOk(ws.operator('diff', 'latest', '--live'))).stdout;
    expect(text).toMatch(/--- a\/\.github\/workflows\/ci\.yml\n\s+\+\+\+ b\/\.github\/workflows\/ci\.yml/);
    expect(text).toMatch(/diff --git a\/\.github\/workflows\/ci\.yml b\/\.github\/workflows\/ci\.yml\n\s+index [0-9a-f]{12}\.\.[0-9a-f]{12}\n\s+--- a\//);

    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `ci=git:${ci}`]);
    const snaps = await ws.hereJson<{ id: string }[] | { snapshots: { id: string }[] }>(ws.operator('snapshots'));
    const ids = (Array.isArray(snaps) ? snaps : snaps.snapshots).map((s) => s.id);
    const between = (await ws.hereJson<DiffResult>(ws.operator('diff', ids[0]!, ids[ids.length - 1]!))).sources.find((s) => s.name === 'ci')!;
    expect((between.changes as GitChange[]).map((c) => [c.type, c.ref, c.path])).toEqual(changes);
  });

  it('says a repository that is gone is missing, not compared', async () => {
    rmSync(ci, { recursive: true, force: true });
    const gone = (await ws.hereJson<DiffResult>(ws.operator('diff', 'latest', '--live'))).sources.find((s) => s.name === 'ci')!;
    expect(gone.status).toBe('missing');
    expect(gone.changes).toEqual([{ type: 'repo-missing' }]);
  });
});
