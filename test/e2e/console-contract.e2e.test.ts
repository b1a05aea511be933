import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { DiffPage } from './pages/diff-page.js';
import { RestorePage } from './pages/restore-page.js';
import { AuditPage } from './pages/audit-page.js';
import { KeysPage } from './pages/keys-page.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { axeViolations } from './accessibility.js';
import { holdAnswer } from './held-answer.js';
import { bulkVault, corruptFile } from './bulk-vault.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/** Issue 15's contract: the plan shown is the plan run; a failed check is ✖ everywhere; the idle lock respects the operator; a vault switch forgets the previous vault. */
describe('the console keeps its promises (issue 15), in real Chromium', () => {
  const app = new ConsoleSession('contract');
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let bulk: Awaited<ReturnType<typeof bulkVault>>;
  let shell: Shell;
  let browse: BrowsePage;
  let wizard: RestorePage;

  beforeAll(async () => {
    // The console starts while the vaults are made (the bulk vault needs the first one's identity).
    const vaults = async () => {
      local = await consoleVault(undefined, {}, 'here');
      bulk = await bulkVault(join(local.ws.dir, 'id.json'), 12_000, { BULKHEAD_PASSPHRASE: PASSPHRASE });
    };
    await Promise.all([vaults(), app.start({ BULKHEAD_TEST_READ_DELAY_MS: '4' })]);
    shell = new Shell(app.page);
    browse = new BrowsePage(app.page);
    wizard = new RestorePage(app.page);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('connects two vaults under one identity and unlocks once', async () => {
    const vaults = new VaultsPage(app.page);
    // Each connect ends on the new vault's Dashboard: wait for it, or the console's own navigation
    // there can land after the next step's and take the page from under it.
    const dash = new DashboardPage(app.page);
    await vaults.connectFolder('bulk-local', bulk.folder, join(local.ws.dir, 'id.json'));
    await shows(dash.posture(), /LOCAL/);
    await shell.go('Vaults');
    await vaults.connectFolder('prod-local', local.ws.store.slice('file://'.length), join(local.ws.dir, 'id.json'));
    await shows(dash.posture(), /LOCAL/);
    await shell.go('Browse');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(shell.lockState(), /Unlocked/);
  });

  it('the plan shown is the plan run: a new selection from Diff sends the wizard back to Select', async () => {
    rmSync(join(local.tree, 'k8s/deploy.yaml'));
    writeFileSync(join(local.tree, 'terraform/main.tf'), 'resource "aws_s3_bucket" "b" { force_destroy = true }\n');
    await browse.open('infra');
    await browse.open('k8s');
    await browse.select('deploy.yaml');
    await browse.restoreSelected();
    await wizard.next();
    await wizard.target(join(app.dir, 'plan-a'));
    await shows(wizard.plan(), /deploy\.yaml/);
    const first = await wizard.planId();
    // Back to the target for another folder; while that plan is still on its way (held here) the
    // operator types a third: the late answer must not open the Plan step on a target no longer chosen.
    await app.page.getByRole('button', { name: 'Back', exact: true }).click();
    const planA2 = await holdAnswer(app.page, 'restore.plan', (args) => String((args as { target?: string } | null)?.target).endsWith('plan-a2'));
    await wizard.target(join(app.dir, 'plan-a2'));
    await planA2.asked;
    await app.page.getByLabel('Target folder on this machine').fill(join(app.dir, 'plan-a3'));
    expect(((await (await planA2.release()).json()) as { ok: boolean }).ok).toBe(true); // the core planned it; the console dropped it
    await shows(wizard.currentStep(), /Target/, 2_000);
    expect(await wizard.plan().count()).toBe(0);

    await shell.go('Diff');
    const diff = new DiffPage(app.page);
    await app.page.getByLabel('From snapshot').selectOption({ index: 0 });
    await diff.compareWithLive();
    await diff.restoreThis('terraform/main.tf');
    await shows(wizard.currentStep(), /Select/);
    await shows(wizard.selection(), /infra\/terraform\/main\.tf/);
    expect(await wizard.selection().textContent()).not.toMatch(/deploy\.yaml/);
    expect(await wizard.restoreButton().count()).toBe(0);
    await app.shot('plan-swap-back-to-select');
    expect(await axeViolations(app.page)).toEqual([]);

    await wizard.next();
    await wizard.target(join(app.dir, 'plan-b'));
    await shows(wizard.plan(), /main\.tf/);
    const second = await wizard.planId();
    expect(await axeViolations(app.page)).toEqual([]); // the plan step, with its id
    expect(second).not.toBe(first);
    await wizard.restoreNow('plan-b');
    await shows(wizard.verification(), /Restored and verified/);
    expect(await wizard.ranPlan()).toBe(second);
    expect(readdirSync(join(app.dir, 'plan-b'))).toEqual(['main.tf']);
    expect(existsSync(join(app.dir, 'plan-a'))).toBe(false);
    await shell.go('Audit');
    await shows(new AuditPage(app.page).rows(), new RegExp(`restore.*ok.*plan ${second}`));
    // A new selection after a finished restore starts at Select, not at the last result (issue 15 item 14).
    await shell.go('Diff');
    await diff.restoreThis('k8s/deploy.yaml'); // still missing on the live side
    await shows(wizard.currentStep(), /Select/);
    await shows(wizard.selection(), /infra\/k8s\/deploy\.yaml/);
    expect(await wizard.verification().count()).toBe(0);
    expect(await wizard.selection().textContent()).not.toMatch(/main\.tf/);
  });

  it('switching vaults forgets Browse, Diff and Restore of the previous one', async () => {
    await shell.go('Browse');
    await browse.root();
    await browse.select('api');
    await shell.chooseVault('bulk-local');
    await shell.go('Browse');
    await browse.entry('bulk').waitFor();
    expect(await browse.entry('infra').count()).toBe(0);
    await shows(app.page.getByRole('button', { name: /Restore selected/ }), /\(0\)/);
    await shell.go('Diff');
    expect(await app.page.locator('.counts').count()).toBe(0);
    expect(await app.page.getByRole('button', { name: /^Restore / }).count()).toBe(0);
    await shell.go('Restore');
    await shows(wizard.selection(), /Nothing selected yet/);
    await app.shot('vault-switched');
    expect(await axeViolations(app.page)).toEqual([]);
  });

  it("a writers list answering after another vault was chosen is dropped: Keys shows the chosen vault's writers", async () => {
    const keys = new KeysPage(app.page);
    await shell.chooseVault('prod-local');
    const asked = app.page.waitForRequest('**/api/writers.list');
    await shell.go('Keys');
    const { vaultId: prod } = (await asked).postDataJSON() as { vaultId: string };
    await keys.writer('ci').waitFor();
    await shell.go('Dashboard');
    // prod-local's list is held, as a slow store holds it, while the operator switches to bulk-local
    const held = await holdAnswer(app.page, 'writers.list', (args) => (args as { vaultId: string }).vaultId === prod);
    await shell.go('Keys');
    await held.asked;
    await shell.chooseVault('bulk-local');
    await shell.go('Keys');
    await keys.writer('bulk-ci').waitFor();
    await held.release();
    expect(await keys.writer('ci').count()).toBe(0);
    expect(await keys.writer('bulk-ci').count()).toBe(1);
  });

  it('a restore whose data fails its check is ✖ in the wizard, the job strip and the audit log', async () => {
    await shell.go('Browse');
    await browse.open('bulk');
    await browse.open('lone');
    await browse.select('ledger.csv');
    await browse.restoreSelected();
    await wizard.next();
    await wizard.target(join(app.dir, 'damaged'));
    await shows(wizard.plan(), /ledger\.csv/);
    const repair = await corruptFile(bulk.ws, 'bulk/lone/ledger.csv'); // between the plan and the run
    try {
      await wizard.restoreNow('damaged');
      await shows(wizard.verification(), /✖ Restore incomplete: each item below says what did not restore or verify/);
      await shows(wizard.verification().locator('li.error'), /✖ bulk\/lone\/ledger\.csv/);
      await shows(shell.jobs(), /✖ failed/);
      await app.shot('restore-check-failed');
      expect(await axeViolations(app.page)).toEqual([]);
      await shell.go('Audit');
      await shows(new AuditPage(app.page).rows(), /restore\s*✖ failed.*ledger\.csv/);
    } finally {
      repair();
    }
  });

  it('the idle lock warns first; Stay unlocked keeps it open; a running restore holds it off and keeps its result through a lock', async () => {
    await app.api('settings.set', { autoLockMinutes: 0.25 }); // 15 s, warned 8 s before (test console only)
    try {
      await shell.go('Restore');
      await app.page.getByRole('button', { name: 'Restore something else' }).click();
      await shell.idleWarning().waitFor({ timeout: 20_000 });
      expect(await axeViolations(app.page)).toEqual([]);
      await app.shot('idle-warning');
      await shell.stayUnlocked();
      await shell.idleWarning().waitFor({ state: 'hidden' });
      await shows(shell.lockState(), /locks in 0:1\d/);
      // Typing is activity too: the warning goes away under the operator's hands, no button needed (item 3).
      await shell.idleWarning().waitFor({ timeout: 20_000 });
      await app.page.getByRole('heading', { level: 1 }).first().click();
      await app.page.keyboard.type('x');
      await shell.idleWarning().waitFor({ state: 'hidden' });
      await shows(shell.lockState(), /locks in 0:1\d/);
      expect(await shell.locked().count()).toBe(0);

      await shell.go('Browse');
      await browse.root('bulk');
      await browse.open('bulk');
      await browse.select('many'); // not the damaged ledger: this reader remembers its bad blob
      await browse.restoreSelected();
      await wizard.next();
      await wizard.target(join(app.dir, 'bulk-out'));
      await wizard.restoreNow('bulk-out');
      await app.api('settings.set', { autoLockMinutes: 0.05 }); // 3 s: over long before the restore is
      await shows(shell.lockState(), /locks when the restore finishes/, 30_000);
      await shows(wizard.progress(), /(writing|verifying) bulk\/many · [\d,]+ of 12,000 files · .* of /); // items and bytes, not a frozen 0 %
      await app.shot('lock-waits-for-restore');

      // The operator locks mid-restore: the job keeps its key until it ends, and its result stays.
      await shell.lockNow();
      await shell.locked().waitFor();
      await shows(shell.jobs(), /restore bulk\/many[^]*✔ done/, 180_000);
      await app.api('settings.set', { autoLockMinutes: 10 });
      await new UnlockPage(app.page).unlock(PASSPHRASE);
      await shows(wizard.verification(), /Restored and verified/);
      expect(readdirSync(join(app.dir, 'bulk-out', 'many')).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `d${i}`));
      await app.shot('restore-result-after-unlock');
    } finally {
      await app.api('settings.set', { autoLockMinutes: 10 });
    }
  }, 240_000);

  it('Cancel stops a large restore and leaves a clear state: nothing half-written at the target, the audit says so', async () => {
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell.go('Browse');
    await browse.root('bulk');
    await browse.open('bulk');
    await browse.select('many');
    await browse.restoreSelected();
    await wizard.next();
    const target = join(app.dir, 'cancel-out');
    await wizard.target(target);
    await wizard.restoreNow('cancel-out');
    await shows(wizard.progress(), /writing bulk\/many · [1-9][\d,]* of 12,000 files/);
    await wizard.cancel();
    await shows(wizard.verification(), /■ Restore cancelled/, 60_000);
    await shows(wizard.verification(), /✖ bulk\/many: cancelled by the operator/);
    await shows(shell.jobs(), /■ cancelled/);
    await app.shot('restore-cancelled');
    expect(await axeViolations(app.page)).toEqual([]);
    expect(existsSync(join(target, 'many'))).toBe(false);
    expect(readdirSync(target).filter((n) => !n.startsWith('.'))).toEqual([]); // at most the restore's hidden staging folder
    await shell.go('Audit');
    await shows(new AuditPage(app.page).rows(), /restore\s*✖ failed.*Cancelled by the operator/);
  });

  it('a look asked while locked that answers after the unlock does not empty the Dashboard', async () => {
    const dash = new DashboardPage(app.page);
    await shell.chooseVault('prod-local');
    await shell.go('Dashboard');
    await shows(dash.sources(), /infra/);
    // the lock makes the Dashboard look again without the key (posture only); that look is held
    const held = await holdAnswer(app.page, 'posture.get', undefined, { count: 1 });
    await shell.lockNow();
    await held.asked;
    await shell.go('Browse');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(shell.lockState(), /Unlocked/);
    await shell.go('Dashboard');
    await shows(dash.sources(), /infra/);
    await held.release();
    await shows(dash.sources(), /infra/, 2_000);
    expect(await dash.sources().getByRole('row', { name: /^infra/ }).count()).toBe(1);
  });

  it('a status poll answered after Lock now does not show the identity unlocked again', async () => {
    await shows(shell.lockState(), /Unlocked/);
    // the next poll is answered while unlocked, and its answer held until after the lock
    const poll = await holdAnswer(app.page, 'session.status', undefined, { count: 1, made: true });
    await poll.asked;
    await shell.lockNow();
    await shell.locked().waitFor();
    await poll.release();
    expect(await shell.locked().count()).toBe(1);
    expect(await app.page.getByRole('status', { name: 'Identity unlocked', exact: true }).count()).toBe(0);
  });
});

