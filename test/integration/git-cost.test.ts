import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Chunker } from '../../src/chunker/fastcdc.js';
import { emptyStats, type BackupContext } from '../../src/sources/blob-sink.js';
import { FileCache } from '../../src/sources/dir/file-cache.js';
import { backupGit, StartedMirror, type GitBackupWork } from '../../src/sources/git/backup-git.js';
import type { GitManifest } from '../../src/sources/git/manifest.js';
import { loadGitManifest } from '../../src/sources/git/read-manifest.js';

/** The whole manifest stored as `id` among `blobs` (either format). */
const manifestIn = (blobs: Map<string, Buffer>, id: string) => loadGitManifest({ blob: async (b) => blobs.get(b)! }, id);
import { gitProcesses } from '../../src/sources/git/git.js';
import { noProgress } from '../../src/util/progress.js';
import { fastImport, initBare, type FastCommit } from '../helpers/git-fast.js';
import { SMALL_CHUNKS, tempDir } from '../helpers/vault.js';

const BRANCHES = 240;

/** A sink that keeps the manifest blob and drops the rest: this test counts git's work, not the vault's. */
function context(): { ctx: BackupContext; blobs: Map<string, Buffer> } {
  const blobs = new Map<string, Buffer>();
  const sink = {
    chunker: new Chunker(new Uint8Array(32), SMALL_CHUNKS),
    add: async (_type: string, plain: Buffer) => {
      const id = createHash('sha256').update(plain).digest('hex');
      blobs.set(id, plain);
      return id;
    },
    reuse: () => false,
  };
  return { ctx: { sink, progress: noProgress, stats: emptyStats() }, blobs };
}

/** main with five CI systems (GitLab including a local file), then BRANCHES branches off it, one commit each. */
function makeOrigin(dir: string): void {
  initBare(dir);
  const base: FastCommit = {
    ref: 'refs/heads/main',
    files: {
      '.github/workflows/ci.yml': 'name: CI\non: push\njobs:\n  build:\n    runs-on: x\n',
      '.gitlab-ci.yml': 'include:\n  - local: ci/build.yml\nunit:\n  script: make\n',
      'ci/build.yml': 'build:\n  script: make build\n',
      'deploy/Jenkinsfile': "pipeline { stages { stage('Ship') {} } }\n",
      '.drone.yml': 'kind: pipeline\nname: a\nsteps: [{name: t}]\n---\nkind: pipeline\nname: b\nsteps: [{name: u}]\n',
      ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`src/m${i % 6}/f${i}.txt`, `file ${i}\n`])),
    },
  };
  // Every tenth branch edits the workflow: 24 new workflow blobs, the rest share main's pipeline files.
  const branches = Array.from({ length: BRANCHES }, (_, i): FastCommit => ({
    ref: `refs/heads/b-${i}`,
    from: 'refs/heads/main',
    files: { [`notes/b-${i}.txt`]: `branch ${i}\n`, ...(i % 10 === 0 && { '.github/workflows/ci.yml': `name: CI ${i}\non: push\njobs:\n  build:\n    runs-on: x\n` }) },
  }));
  fastImport(dir, [base, ...branches]);
}

describe('a git backup costs what changed', () => {
  const dir = tempDir('bulkhead-git-cost-');
  const origin = join(dir, 'origin.git');
  makeOrigin(origin);
  const cacheDir = join(dir, 'cache');

  async function backup(url = origin, caches = cacheDir): Promise<{ manifest: GitManifest; spawned: number; work: GitBackupWork }> {
    const { ctx, blobs } = context();
    const cache = await FileCache.load(join(caches, 'files.bin'));
    const work: GitBackupWork = { parsedFiles: 0 };
    const before = gitProcesses.spawned;
    const { manifest: id } = await backupGit(ctx, url, caches, cache, work);
    await cache.save();
    const spawned = gitProcesses.spawned - before;
    return { manifest: await manifestIn(blobs, id), spawned, work };
  }

  it('a first backup reads each distinct pipeline file once, in a number of git processes that does not grow with branches', async () => {
    const first = await backup();
    expect(Object.keys(first.manifest.pipelines)).toHaveLength(BRANCHES + 1);
    const b3 = first.manifest.pipelines['b-3']!;
    expect(b3.map((p) => [p.system, p.path, p.valid])).toEqual([
      ['drone', '.drone.yml', true],
      ['github-actions', '.github/workflows/ci.yml', true],
      ['gitlab-ci', '.gitlab-ci.yml', true],
      ['gitlab-ci', 'ci/build.yml', true],
      ['jenkins', 'deploy/Jenkinsfile', true],
    ]);
    expect(first.manifest.pipelines['b-10']!.find((p) => p.path === '.github/workflows/ci.yml')!.name).toBe('CI 10');
    // main's five files, one more workflow on every tenth branch.
    expect(first.work.parsedFiles).toBe(5 + BRANCHES / 10);
    // clone, one rev-list (LFS pointers, failing on any missing object: completeness too), one
    // cat-file batch, one diff-tree for every branch's pipeline files: refs and HEAD come from the
    // fresh mirror's files, the file list through cat-file.
    expect(first.spawned).toBeLessThanOrEqual(4);
  });

  it('a first backup walks the history once, at a local path (the LFS walk fails on anything missing) as through git\'s transport (file://: the clone checked)', async () => {
    const viaPath = await backup(origin, join(dir, 'cache-path'));
    const viaUrl = await backup(`file://${origin}`, join(dir, 'cache-url'));
    expect(viaUrl.spawned).toBe(viaPath.spawned);
    expect({ ...viaUrl.manifest, url: '' }).toEqual({ ...viaPath.manifest, url: '' });
  });

  it('a clone started ahead of the backup (while the vault opens) is the one the backup takes up', async () => {
    const caches = join(dir, 'cache-started');
    const before = gitProcesses.spawned;
    const started = new StartedMirror(caches, origin);
    const { ctx, blobs } = context();
    const cache = await FileCache.load(join(caches, 'files.bin'));
    const { manifest: id } = await backupGit(ctx, origin, caches, cache, undefined, started);
    const plain = await backup(origin, join(dir, 'cache-not-started'));
    expect(gitProcesses.spawned - before - plain.spawned).toBe(plain.spawned); // one clone, not two
    expect(await manifestIn(blobs, id)).toEqual(plain.manifest);
    // Started for another cache folder: not this backup's, which clones its own.
    const elsewhere = new StartedMirror(join(dir, 'cache-other'), origin);
    await elsewhere.updating;
    expect((await backupGit(context().ctx, origin, join(dir, 'cache-own'), await FileCache.load(join(dir, 'own.bin')), undefined, elsewhere)).manifest).toBeTruthy();
    expect(existsSync(join(dir, 'cache-own', 'git'))).toBe(true);
  });

  it('an unchanged repository parses nothing and, at a local path, starts no git process', async () => {
    const { manifest: before } = await backup();
    const again = await backup();
    expect(again.work.parsedFiles).toBe(0);
    // No git at all: the local origin's refs and HEAD are read from its files, and so are the
    // mirror's; nothing moved, so no fetch, no repack, no cat-file.
    expect(again.spawned).toBe(0);
    expect(again.manifest).toEqual(before);
  });

  it('asks git whether anything changed for a URL, and for a local repository whose files do not say it plainly (hidden refs)', async () => {
    const small = join(dir, 'small.git');
    initBare(small);
    fastImport(small, [{ ref: 'refs/heads/main', files: { 'a.txt': 'a\n' } }]);
    const caches = join(dir, 'cache-small');
    await backup(small, caches);
    expect((await backup(small, caches)).spawned).toBe(0);
    const viaUrl = join(dir, 'cache-small-url');
    await backup(`file://${small}`, viaUrl);
    expect((await backup(`file://${small}`, viaUrl)).spawned).toBe(1); // ls-remote
    // A symbolic ref is read from its file too: git lists alias as a ref of its own (fetched), the manifest says what it names.
    spawnSync('git', ['--git-dir', small, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main']);
    const moved = await backup(small, caches);
    expect(moved.manifest.refs['refs/heads/alias']).toBe(moved.manifest.refs['refs/heads/main']);
    expect(moved.manifest.symrefs).toEqual({ 'refs/heads/alias': 'refs/heads/main' });
    expect((await backup(small, caches)).spawned).toBe(0);
    // Config that changes what git advertises: git is asked.
    spawnSync('git', ['--git-dir', small, 'config', 'uploadpack.hiderefs', 'refs/heads/alias']);
    const hidden = await backup(small, caches);
    expect(hidden.manifest.refs['refs/heads/alias']).toBeUndefined();
    expect((await backup(small, caches)).spawned).toBe(1); // ls-remote, then nothing: unchanged
  });

  it('an unchanged repository reuses the manifest it stored: not encoded or stored again, its state not rewritten', async () => {
    const origin2 = join(dir, 'origin-reuse.git');
    makeOrigin(origin2);
    const caches = join(dir, 'cache-reuse');
    const blobs = new Map<string, Buffer>();
    let manifests = 0; // canonical JSON, keys sorted: a git manifest starts with its defaultBranch
    const sink = {
      chunker: new Chunker(new Uint8Array(32), SMALL_CHUNKS),
      add: async (type: string, plain: Buffer) => {
        if (type === 'tree' && plain.subarray(0, 17).toString() === '{"defaultBranch":') manifests++;
        const id = createHash('sha256').update(plain).digest('hex');
        blobs.set(id, plain);
        return id;
      },
      reuse: (id: string) => blobs.has(id),
    };
    const run = async () => {
      const cache = await FileCache.load(join(caches, 'files.bin'));
      const { manifest } = await backupGit({ sink, progress: noProgress, stats: emptyStats() }, origin2, caches, cache);
      await cache.save();
      return manifest!;
    };
    const stateFile = () => statSync(readdirSync(join(caches, 'git')).map((f) => join(caches, 'git', f)).find((f) => f.endsWith('.state.json'))!).ino;
    const first = await run();
    const written = stateFile();
    expect(manifests).toBe(1);
    expect(await run()).toBe(first);
    expect(manifests).toBe(1);
    expect(stateFile()).toBe(written); // written anew (a new file renamed over it) only when it changes
    // HEAD moves on the origin: the refs are the same, the manifest is not.
    spawnSync('git', ['--git-dir', origin2, 'symbolic-ref', 'HEAD', 'refs/heads/b-1']);
    const moved = await run();
    expect(moved).not.toBe(first);
    expect(manifests).toBe(2);
    expect((await manifestIn(blobs, moved)).head).toBe('refs/heads/b-1');
    expect(await run()).toBe(moved);
    expect(manifests).toBe(2);
  });

  it('a moved branch costs its own new pipeline blobs only', async () => {
    fastImport(origin, [{ ref: 'refs/heads/b-7', from: 'refs/heads/b-7^0', files: { '.drone.yml': 'kind: pipeline\nname: c\nsteps: [{name: v}]\n' } }]);
    const moved = await backup();
    expect(moved.work.parsedFiles).toBe(1);
    expect(moved.manifest.pipelines['b-7']!.find((p) => p.system === 'drone')).toMatchObject({ name: 'c', jobs: ['v'] });
    // fetch, repack, rev-list (LFS), rev-list (completeness), one cat-file batch, one diff-tree
    // (the origin's refs and the mirror's from their files).
    expect(moved.spawned).toBeLessThanOrEqual(6);
    const tree = spawnSync('git', ['--git-dir', origin, 'ls-tree', '-r', '--name-only', 'refs/heads/b-7'], { encoding: 'utf8' }).stdout;
    expect(tree).toContain('.drone.yml');
  });

  it('refs a fetch adds by the hundred are packed into one file, not kept as a file each that every backup walks', async () => {
    const main = spawnSync('git', ['--git-dir', origin, 'rev-parse', 'main'], { encoding: 'utf8' }).stdout.trim();
    const creates = Array.from({ length: 300 }, (_, i) => `create refs/pull/${i}/head ${main}\n`).join('');
    expect(spawnSync('git', ['--git-dir', origin, 'update-ref', '--stdin'], { input: creates }).status).toBe(0);
    const { manifest } = await backup();
    expect(Object.keys(manifest.refs).filter((r) => r.startsWith('refs/pull/'))).toHaveLength(300);
    const mirror = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).find((e) => e.isDirectory() && e.name.endsWith('.git'))!;
    const refs = join(mirror.parentPath, mirror.name, 'refs');
    const loose = readdirSync(refs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(loose.length).toBeLessThanOrEqual(64);
  });
});

