import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { DiffPage } from './pages/diff-page.js';
import { ForgePage } from './pages/forge-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { READ_TOKEN, startGithubEmulator, WRITE_TOKEN, type GithubEmulator } from '../forges/github/emulator.js';
import { seedOrg } from '../forges/github/seed.js';

const REVERSED = 'x\u202Egub';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/** Issue 16 in the console: an agent wipes part of an organisation; Diff names each loss, Restore puts back one, then the rest. */
describe('a GitHub source in the console: wipe → Diff → Restore one, then the rest → verified', () => {
  const app = new ConsoleSession('forge-github');
  let emu: GithubEmulator;
  let shell: Shell;
  let forge: ForgePage;
  const api = (method: string, path: string) => fetch(`${emu.url}${path}`, { method, headers: { authorization: `token ${WRITE_TOKEN}` } });

  beforeAll(async () => {
    emu = await startGithubEmulator();
    seedOrg(emu.world, 'acme', 4); // svc-02 is a fork (not backed up), svc-03 archived
    // Round 7: a label whose name a browser draws reversed (U+202E): the plan names it escaped, as the diff does.
    emu.world.repo('acme', 'svc-00')!.labels.push({ id: emu.world.id(), name: REVERSED, color: 'ff0000', description: '' });
    // A merged pull request: its restore cannot make it again, and the verification says what it did instead.
    emu.world.repo('acme', 'svc-01')!.issues.push({ id: emu.world.id(), number: 4, title: 'Bump version', body: '', state: 'closed', user: 'bob', labels: [], pull: { head: 'release', base: 'main', merged_at: emu.world.time }, created_at: emu.world.time, comments: [] });
    const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE, GITHUB_TOKEN: READ_TOKEN });
    // keys init, vault init and enroll done in-process (setupQuick): their CLI runs are tested elsewhere, and the
    // identity is sealed at the test-only KDF cost, so every unlock of the console is cheap.
    const backedUpThenWiped = async () => {
      await ws.setupQuick();
      await ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=github:acme?url=${emu.url}`]);
      // The agent: a repository, a protection, a variable and a secret gone.
      expect((await api('DELETE', '/repos/acme/svc-01')).status).toBe(204);
      expect((await api('DELETE', '/repos/acme/svc-00/branches/main/protection')).status).toBe(204);
      expect((await api('DELETE', '/repos/acme/svc-00/actions/variables/DEPLOY_REGION')).status).toBe(204);
      expect((await api('DELETE', '/repos/acme/svc-00/actions/secrets/SENTRY_DSN')).status).toBe(204);
      expect((await api('DELETE', `/repos/acme/svc-00/labels/${encodeURIComponent(REVERSED)}`)).status).toBe(204);
    };
    // The console reads GitHub live with the read token of its environment; restores take the operator's.
    // It starts while the vault is made: it reads nothing before a vault is connected below.
    await Promise.all([backedUpThenWiped(), app.start({ GITHUB_TOKEN: READ_TOKEN, BULKHEAD_GITHUB_WRITE_INTERVAL_MS: '0' })]);
    shell = new Shell(app.page);
    forge = new ForgePage(app.page);
    await new VaultsPage(app.page).connectFolder('forge', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await shell.go('Diff');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
    expect(emu.server.violations).toEqual([]);
    await emu.stop();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('Diff shows the typed changes: kind, where, restorable or not, the secret to re-enter', async () => {
    await app.page.getByRole('heading', { name: 'Diff' }).waitFor();
    await new DiffPage(app.page).compareWithLive();
    const acme = new DiffPage(app.page).changesOf('acme');
    await shows(acme, /repo deleted/);
    await shows(forge.change(/secret deleted acme\/svc-00 SENTRY_DSN/), /value cannot be restored \(GitHub never returns it\); re-enter it/);
    await shows(forge.change(/secret deleted/), /not restorable/);
    expect(await forge.change(/secret deleted/).getByRole('button', { name: /^Restore this/ }).count()).toBe(0);
    for (const line of [/repo deleted acme\/svc-01/, /protection removed acme\/svc-00 main/, /variable deleted acme\/svc-00 DEPLOY_REGION/]) await shows(forge.change(line), /restorable/);
    await app.shot('diff-typed-changes');
  });

  it('Restore this: the token asked, a one-line plan, the owner typed, verified', async () => {
    await forge.restoreThis(/variable deleted acme\/svc-00 DEPLOY_REGION/);
    await forge.panel().waitFor();
    await app.shot('restore-token');
    await forge.panel().getByText('Your restore token for GitHub').waitFor(); // the forge named by the diff, not guessed from its kind
    await forge.plan(WRITE_TOKEN);
    expect(await forge.steps().getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^variable deleted acme\/svc-00 DEPLOY_REGION: SETS Actions variable DEPLOY_REGION of acme\/svc-00 set to "eu-west-1", which its workflows read: put back variable/)]);
    expect(await app.page.content()).not.toContain(WRITE_TOKEN); // gone from the field once sent
    await app.shot('restore-plan-one');
    await forge.confirm('acme');
    await shows(forge.verification(), /✔ Restored and verified/);
    await shows(forge.verification(), /✔ variable-deleted acme\/svc-00 DEPLOY_REGION/);
    expect(emu.world.repo('acme', 'svc-00')!.variables.find((v) => v.name === 'DEPLOY_REGION')?.value).toBe('eu-west-1');
    await app.shot('restore-one-verified');
    await forge.done();
  });

  it('the rest by one plan; what cannot be restored is said; everything read back', async () => {
    await shell.go('Diff');
    await new DiffPage(app.page).compareWithLive();
    expect(await forge.change(/variable deleted/).count()).toBe(0);
    await forge.restoreAll('acme');
    await forge.plan(WRITE_TOKEN);
    expect(await forge.steps().getByRole('listitem').count()).toBe(3);
    // The consented plan shows the writer's names escaped, never drawn as another name (round 7: it showed them raw).
    const planText = await forge.steps().innerText();
    expect(planText).toContain('label deleted acme/svc-00 x\\u202egub: put back label acme/svc-00 x\\u202egub');
    expect(planText).not.toContain('\u202e');
    await shows(forge.notRestorable(), /secret-deleted|secret deleted acme\/svc-00 SENTRY_DSN/);
    // svc-01 comes back private: the snapshot's public is its own step, shown held back until named.
    await shows(forge.notRestorable(), /settings changed acme\/svc-01 — restoring it would lower visibility private → public \(the repository is recreated private\)/);
    await shows(forge.steps(), /recreate acme\/svc-01 as a PRIVATE repository \(the snapshot records it PUBLIC: made so only by its own step/);
    // svc-01 is recreated: its refs carry workflows the new repository does not run yet, named beside the consent.
    await shows(forge.steps(), /RUNS CI on the push, unless not allowed: 2 refs carry pipelines/);
    await shows(app.page.getByRole('list', { name: 'Pipeline changes this allows' }), /refs\/heads\/main RUNS CI: \.github\/workflows\/ci\.yml \(new\)/);
    await app.shot('restore-plan-rest');
    await forge.confirm('acme', { allowPipelineChanges: true });
    await shows(forge.verification(), /✔ Restored and verified/, 45_000);
    expect(await forge.verification().getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^✔ protection-removed acme\/svc-00 main/), expect.stringMatching(/^✔ label-deleted acme\/svc-00 x\\u202egub/), expect.stringMatching(/^✔ repo-deleted acme\/svc-01/)]);
    // Each step's notes: what it could not put back as it was.
    await shows(forge.verification().getByRole('listitem').filter({ hasText: /repo-deleted acme\/svc-01/ }), /not as it was: pull request #4 of acme\/svc-01 was merged .*it is issue #4 now, closed, recording the merge/);
    expect(emu.world.repo('acme', 'svc-01')!.private).toBe(true);
    expect(emu.world.repo('acme', 'svc-00')!.protections.has('main')).toBe(true);
    await app.shot('restore-rest-verified');
    const audit = (await app.api('audit.list', {})) as { entries?: { action: string; outcome: string; detail: string }[] } | { action: string; outcome: string; detail: string }[];
    const entries = Array.isArray(audit) ? audit : (audit.entries ?? []);
    expect(entries.filter((e) => e.action === 'restore' && e.outcome === 'ok' && /github plan/.test(e.detail))).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(WRITE_TOKEN);
  });
});
