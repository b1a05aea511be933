import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastImport, initBare } from '../../../test/helpers/git-fast.js';
import { gitText } from './git.js';
import { pipelineFiles } from './pipeline-files.js';
import { pipelineSystem } from './pipelines.js';

/** What a full listing finds: every blob under the tree that pipelineSystem accepts (no gitlinks). */
async function listed(repo: string, tree: string): Promise<Record<string, string>> {
  const out = await gitText(['ls-tree', '-r', '-z', tree], { gitDir: repo });
  const files: Record<string, string> = {};
  for (const row of out.split('\0').filter(Boolean)) {
    const [meta, path] = row.split('\t') as [string, string];
    const [mode, , oid] = meta.split(' ') as [string, string, string];
    if (mode !== '160000' && pipelineSystem(path)) files[path] = oid;
  }
  return files;
}

describe('pipeline files of many trees from one git diff-tree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-pipeline-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'r.git');
  initBare(repo);
  fastImport(repo, [
    {
      ref: 'refs/heads/main',
      files: {
        '.github/workflows/ci.yml': 'on: push\n',
        '.github/workflows/nested/skip.yml': 'not a workflow\n',
        '.gitlab-ci.yml': 'a: {script: x}\n',
        '.gitlab/ci/deep/part.yml': 'b: {script: y}\n',
        'deploy/stage/Jenkinsfile': "stage('a')\n",
        '.tekton/tasks/build.yaml': 'kind: Pipeline\n',
        'config.yml/inside.txt': 'a folder named like a pipeline\n',
        'src/app.yml': 'not a pipeline\n',
        'vendor/lib': { gitlink: 'a'.repeat(40) },
      },
    },
    // Changes, deletions, a Jenkinsfile deep in a folder only this branch has, a pipeline path
    // that becomes a submodule, root files of other systems.
    { ref: 'refs/heads/changed', from: 'refs/heads/main', files: { '.github/workflows/ci.yml': 'on: pull_request\n', '.gitlab/ci/deep/part.yml': null, 'x/y/z/Jenkinsfile': "stage('b')\n", '.drone.yml': 'kind: pipeline\n', 'appveyor.yml': 'build: off\n' } },
    { ref: 'refs/heads/gitlink', from: 'refs/heads/main', files: { '.gitlab-ci.yml': null, '.circleci/config.yml': 'jobs: {}\n', 'deploy/stage/Jenkinsfile': null, 'deploy/stage': { gitlink: 'b'.repeat(40) } } },
    { ref: 'refs/heads/bare', files: { 'README.md': 'no pipelines\n' } },
  ]);

  it('finds, for every tree, exactly what a full listing of that tree finds', async () => {
    const branches = ['main', 'changed', 'gitlink', 'bare'];
    const trees = await Promise.all(branches.map(async (b) => (await gitText(['rev-parse', `${b}^{tree}`], { gitDir: repo })).trim()));
    const found = await pipelineFiles(repo, [trees[1]!, ...trees, trees[0]!]); // any order, repeats
    expect([...found.keys()].sort()).toEqual([...new Set(trees)].sort());
    for (const tree of trees) expect(Object.fromEntries(found.get(tree)!)).toEqual(await listed(repo, tree));
    expect([...found.get(trees[1]!)!.keys()].sort()).toEqual(['.drone.yml', '.github/workflows/ci.yml', '.gitlab-ci.yml', '.tekton/tasks/build.yaml', 'appveyor.yml', 'deploy/stage/Jenkinsfile', 'x/y/z/Jenkinsfile']);
  });

  it('finds nothing for no trees', async () => {
    expect((await pipelineFiles(repo, [])).size).toBe(0);
  });
});
