import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, sh } from '../helpers/git.js';
import type { Listing } from '../../src/ops/browse/ls.js';
import type { DiffResult } from '../../src/ops/diff/diff.js';
import type { GitChange } from '../../src/sources/git/git-changes.js';

const workflow = (name: string) => `name: ${name}\non: push\njobs:\n  build:\n    runs-on: x\n`;

/** A workflow committed on a branch of the work tree (made from the checked-out one when new); the branch stays checked out. */
function branchWith(dir: string, branch: string, file: string, name: string, existing = false): void {
  sh(dir, 'checkout', '-q', ...(existing ? [branch] : ['-b', branch]));
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(join(dir, '.github/workflows', file), workflow(name));
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '-m', `${name} on ${branch}`);
}

/**
 * Branch names are the repository's: "constructor", "__proto__" and "toString" are names git allows,
 * and an honest repository may have them. Each is an ordinary key of the manifest's pipelines: its
 * pipelines are recorded, listed and compared like any branch's, never Object.prototype's.
 */
describe('a repository whose default branch is named "constructor", beside "__proto__" and "toString"', () => {
  it('backs up, lists and compares their pipelines as any branch\'s', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const repo = join(ws.dir, 'repo');
    makeRepo(repo, 3);
    branchWith(repo, '__proto__', 'proto.yml', 'Proto');
    sh(repo, 'checkout', '-q', 'main');
    branchWith(repo, 'toString', 'str.yml', 'Str');
    sh(repo, 'checkout', '-q', 'main');
    branchWith(repo, 'constructor', 'ctor.yml', 'Ctor'); // HEAD: the default branch
    const backup = () => ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `r=git:${repo}`]);
    const paths = (m: NonNullable<Listing['git']>, branch: string) => (Object.hasOwn(m.pipelines, branch) ? m.pipelines[branch]!.map((p) => p.path) : undefined);

    await backup();
    const first = (await ws.hereJson<Listing>(ws.operator('ls', 'latest:r'))).git!;
    expect(first.defaultBranch).toBe('constructor');
    expect(Object.keys(first.pipelines).sort()).toEqual(['__proto__', 'constructor', 'feature', 'main', 'toString']);
    expect(paths(first, 'constructor')).toEqual(['.github/workflows/ci.yml', '.github/workflows/ctor.yml', '.gitlab-ci.yml']);
    expect(paths(first, '__proto__')).toEqual(['.github/workflows/ci.yml', '.github/workflows/proto.yml', '.gitlab-ci.yml']);
    expect(paths(first, 'toString')).toEqual(['.github/workflows/ci.yml', '.github/workflows/str.yml', '.gitlab-ci.yml']);
    const text = (await ws.hereOk(ws.operator('ls', 'latest:r'))).stdout;
    expect(text).toMatch(/constructor\s+github-actions\s+\.github\/workflows\/ctor\.yml\s+Ctor\s+push\s+build/);
    expect(text).toMatch(/__proto__\s+github-actions\s+\.github\/workflows\/proto\.yml\s+Proto/);
    const rows = (await ws.hereOk(ws.operator('ls', 'latest:r/pipelines'))).stdout;
    expect(rows).toMatch(/\.github\/workflows\/ctor\.yml\s+github-actions: Ctor on push/);
    expect(rows).not.toMatch(/proto\.yml|str\.yml/);

    // Unchanged branches keep the last backup's pipelines; the one that moved is scanned again and compared.
    branchWith(repo, '__proto__', 'proto.yml', 'Proto 2', true);
    sh(repo, 'checkout', '-q', 'constructor');
    await backup();
    const second = (await ws.hereJson<Listing>(ws.operator('ls', 'latest:r'))).git!;
    expect(paths(second, 'constructor')).toEqual(paths(first, 'constructor'));
    expect(second.pipelines.__proto__!.find((p) => p.path.endsWith('proto.yml'))!.name).toBe('Proto 2');
    const snaps = await ws.hereJson<{ id: string }[] | { snapshots: { id: string }[] }>(ws.operator('snapshots'));
    const ids = (Array.isArray(snaps) ? snaps : snaps.snapshots).map((s) => s.id);
    const diff = (await ws.hereJson<DiffResult>(ws.operator('diff', ids[0]!, ids[ids.length - 1]!))).sources.find((s) => s.name === 'r')!;
    expect((diff.changes as GitChange[]).map((c) => [c.type, c.ref, c.path])).toEqual([
      ['ref-moved', 'refs/heads/__proto__', undefined],
      ['pipeline-changed', 'refs/heads/__proto__', '.github/workflows/proto.yml'],
    ]);
  }, 120_000);
});
