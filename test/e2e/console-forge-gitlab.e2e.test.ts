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
import { BrowsePage } from './pages/browse-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { READ_TOKEN, startGitlabEmulator, WRITE_TOKEN, type GitlabEmulator } from '../forges/gitlab/emulator.js';
import { seedGroup } from '../forges/gitlab/seed.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/** Issue 17 in the console: an agent wipes part of a group; Diff names each loss, Restore puts back one, then the rest. */
describe('a GitLab source in the console: wipe → Diff → Restore one, then the rest → verified', () => {
  const app = new ConsoleSession('forge-gitlab');
  let emu: GitlabEmulator;
  let shell: Shell;
  let forge: ForgePage;
  const enc = encodeURIComponent;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.url}/api/v4${path}`, { method, headers: { 'private-token': WRITE_TOKEN, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    emu = await startGitlabEmulator();
    seedGroup(emu.world, 'acme', 2); // acme/svc-00, acme/platform/svc-01
    const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE, GITLAB_TOKEN: READ_TOKEN });
    const backedUpThenWiped = async () => {
      // keys init, vault init and enroll done in-process (setupQuick): their CLI runs are tested elsewhere.
      await ws.setupQuick();
      await ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `acme=gitlab:acme?url=${emu.url}`]);
      // The agent, through the API: a variable overwritten, a group variable and a project gone.
      expect((await api('PUT', `/projects/${enc('acme/svc-00')}/variables/APP_NAME`, { value: 'hijacked' })).status).toBe(200);
      expect((await api('DELETE', '/groups/acme/variables/NPM_TOKEN')).status).toBe(204);
      expect((await api('DELETE', `/projects/${enc('acme/platform/svc-01')}`)).status).toBe(202); // delayed deletion
    };
    // The console reads GitLab live with the read token of its environment; restores take the operator's.
    // It starts while the vault is made: it reads nothing before a vault is connected below.
    await Promise.all([backedUpThenWiped(), app.start({ GITLAB_TOKEN: READ_TOKEN })]);
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

  it('Diff shows the typed changes, the delayed deletion as such, each restorable', async () => {
    await app.page.getByRole('heading', { name: 'Diff' }).waitFor();
    await new DiffPage(app.page).compareWithLive();
    for (const line of [/variable changed acme\/svc-00 APP_NAME/, /variable deleted acme NPM_TOKEN/, /project marked for deletion acme\/platform\/svc-01/]) await shows(forge.change(line), /restorable/);
    await shows(forge.change(/project marked for deletion/), /until then a restore cancels the deletion/);
    await app.shot('gitlab-diff-typed-changes');
  });

  it('Browse: the group\'s context is documents, a variable\'s stored value shown in the preview', async () => {
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    for (const name of ['acme', 'projects', 'acme', 'svc-00']) {
      await browse.entry(name).waitFor();
      await browse.open(name);
    }
    await browse.entry('variables.json').waitFor();
    await browse.open('variables.json');
    await shows(browse.preview(), /"key": "APP_NAME"/);
    await shows(browse.preview(), /"value": "svc-00"/); // the value before the agent overwrote it
    await app.shot('gitlab-browse-documents');
    await shell.go('Diff');
    await new DiffPage(app.page).compareWithLive();
  });

  it('Restore this: the token asked, a one-line plan, the group typed, the value back and verified', async () => {
    await forge.restoreThis(/variable changed acme\/svc-00 APP_NAME/);
    await forge.panel().waitFor();
    await forge.panel().getByText('Your restore token for GitLab').waitFor();
    await forge.plan(WRITE_TOKEN);
    expect(await forge.steps().getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^variable changed acme\/svc-00 APP_NAME/)]);
    expect(await app.page.content()).not.toContain(WRITE_TOKEN); // gone from the field once sent
    await forge.confirm('acme');
    await shows(forge.verification(), /✔ Restored and verified/);
    expect(emu.world.project('acme/svc-00')!.variables.find((v) => v.key === 'APP_NAME')!.value).toBe('svc-00');
    await app.shot('gitlab-restore-one-verified');
    await forge.done();
  });

  it('the rest by one plan: the group variable with its value and flags, the project kept from deletion', async () => {
    await shell.go('Diff');
    await new DiffPage(app.page).compareWithLive();
    expect(await forge.change(/variable changed/).count()).toBe(0);
    await forge.restoreAll('acme');
    await forge.plan(WRITE_TOKEN);
    expect(await forge.steps().getByRole('listitem').count()).toBe(1);
    // A variable's value is the snapshot writer's word, read by every pipeline: held back from "every change", said, restored once named (round 7).
    await shows(forge.notRestorable(), /variable deleted acme NPM_TOKEN — restoring it would set CI\/CD variable NPM_TOKEN of acme/);
    await forge.confirm('acme');
    await shows(forge.verification(), /✔ Restored and verified/, 45_000);
    expect(emu.world.project('acme/platform/svc-01')!.marked_for_deletion_on).toBeNull();
    await app.shot('gitlab-restore-rest-verified');
    await forge.done();
    await shell.go('Diff');
    await new DiffPage(app.page).compareWithLive();
    await forge.restoreThis(/variable deleted acme NPM_TOKEN/);
    await forge.plan(WRITE_TOKEN);
    await shows(forge.steps(), /variable deleted acme NPM_TOKEN: SETS CI\/CD variable NPM_TOKEN of acme/);
    await forge.confirm('acme');
    await shows(forge.verification(), /✔ Restored and verified/);
    expect(emu.world.group('acme')!.variables.find((x) => x.key === 'NPM_TOKEN')).toMatchObject({ value: 'npm_groupsecretvalue123', masked: true, protected: true });
    const audit = (await app.api('audit.list', {})) as { entries?: { action: string; outcome: string; detail: string }[] } | { action: string; outcome: string; detail: string }[];
    const entries = Array.isArray(audit) ? audit : (audit.entries ?? []);
    expect(entries.filter((e) => e.action === 'restore' && e.outcome === 'ok' && /gitlab plan/.test(e.detail))).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain(WRITE_TOKEN);
  });
});
