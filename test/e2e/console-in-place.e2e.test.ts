import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { RestorePage } from './pages/restore-page.js';
import { DiffPage } from './pages/diff-page.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { axeViolations } from './accessibility.js';
import { holdAnswer } from './held-answer.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

const SABOTAGED = 'resource "aws_s3_bucket" "b" { force_destroy = true }\n';
const ORIGINAL = 'resource "aws_s3_bucket" "b" {}\n';

/** Issue 15 item 6: restore to where it was, relative paths kept, with a choice for what is there now. */
describe('restore back where it was (issue 15 item 6), in real Chromium', () => {
  const app = new ConsoleSession('in-place');
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let shell: Shell;
  let browse: BrowsePage;
  let wizard: RestorePage;

  beforeAll(async () => {
    // The vault is made while the console and Chromium start.
    await Promise.all([consoleVault().then((v) => (local = v)), app.start({})]);
    shell = new Shell(app.page);
    browse = new BrowsePage(app.page);
    wizard = new RestorePage(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', local.ws.store.slice('file://'.length), join(local.ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await shell.go('Browse');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(shell.lockState(), /Unlocked/);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  /** Browse the first (whole) snapshot, tick `names` under `folder` of infra, and plan them back in place. */
  async function planBack(folder: string[], names: string[], placement: RegExp): Promise<void> {
    await shell.go('Browse');
    await browse.chooseSnapshot(0);
    await browse.root();
    for (const f of folder) await browse.open(f);
    for (const n of names) await browse.select(n);
    await browse.restoreSelected();
    await wizard.next();
    await app.page.getByRole('radio', { name: placement }).check();
    await app.page.getByRole('button', { name: 'Show the plan' }).click();
    await wizard.plan().waitFor();
  }

  it('replace: a folder comes back with its relative paths, each replaced file listed and moved aside, never deleted', async () => {
    rmSync(join(local.tree, 'k8s/deploy.yaml'));
    writeFileSync(join(local.tree, 'terraform/main.tf'), SABOTAGED);
    // Where infra lives is its writer's word: a folder the operator has not listed is not written back in place.
    await planBack([], ['infra'], /Back where it was, replacing/);
    await shows(app.page.getByRole('alert'), /is where the snapshot says infra lives, which its writer chose; it is not among the folders you restore into in place/);
    // The screen's read of the settings answers only after the folder is typed (a loaded machine did
    // that): the answer must not empty the field, or Save keeps the old list and says Saved.
    const read = await holdAnswer(app.page, 'settings.get');
    await shell.go('Settings');
    const roots = app.page.getByLabel(/Folders restored in place/);
    await roots.fill(local.tree);
    await read.release();
    expect(await roots.inputValue()).toBe(local.tree);
    await app.page.getByRole('button', { name: 'Save' }).click();
    await app.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(readFileSync(join(local.tree, 'terraform/main.tf'), 'utf8')).toBe(SABOTAGED);
    await shell.go('Restore'); // the selection is kept: back to the target, plan it again
    await app.page.getByRole('button', { name: 'Back', exact: true }).click();
    await app.page.getByRole('radio', { name: /Back where it was, replacing/ }).check();
    await app.page.getByRole('button', { name: 'Show the plan' }).click();
    await wizard.plan().waitFor();
    await shows(wizard.plan(), new RegExp(local.tree.replace(/[/.]/g, '\\$&')));
    const replaced = app.page.getByLabel('Replaced files');
    await shows(replaced, /terraform\/main\.tf/);
    expect(await replaced.getByRole('listitem').count()).toBe(1); // deploy.yaml is missing: created, not replaced
    await app.shot('in-place-replace-plan');
    expect(await axeViolations(app.page)).toEqual([]);
    await wizard.restoreNow('infra');
    await shows(wizard.verification(), /✔ Restored and verified/);
    await shows(wizard.verification(), /1 replaced, the current copies moved to .*\.bulkhead-replaced-/);
    expect(readFileSync(join(local.tree, 'terraform/main.tf'), 'utf8')).toBe(ORIGINAL);
    expect(readFileSync(join(local.tree, 'k8s/deploy.yaml'), 'utf8')).toMatch(/replicas: 3/);
    expect(readdirSync(join(local.tree, 'k8s')).filter((n) => n.startsWith('service-'))).toHaveLength(8); // relative paths kept
    const aside = readdirSync(local.tree).filter((n) => n.startsWith('.bulkhead-replaced-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(local.tree, aside[0]!, 'terraform/main.tf'), 'utf8')).toBe(SABOTAGED);
    expect(readdirSync(local.tree).filter((n) => n.startsWith('.bulkhead-restore-'))).toEqual([]); // staging removed
    await app.shot('in-place-replace-done');
    rmSync(join(local.tree, aside[0]!), { recursive: true });
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
  });

  it('keep both: the snapshot copy lands beside the changed file, which stays as it is', async () => {
    writeFileSync(join(local.tree, 'terraform/main.tf'), SABOTAGED);
    await planBack(['infra', 'terraform'], ['main.tf'], /Back where it was, keeping both/);
    await shows(wizard.plan(), /main\.tf\.restored-/);
    expect(await app.page.getByLabel('Replaced files').count()).toBe(0);
    // The field names the word to type (a screen reader announces it), and Enter submits it (issue 15 item 15).
    await app.page.getByLabel('Confirm by typing infra').fill('infra');
    await app.page.keyboard.press('Enter');
    await shows(wizard.verification(), /✔ Restored and verified/);
    const beside = readdirSync(join(local.tree, 'terraform')).filter((n) => n.startsWith('main.tf.restored-'));
    expect(beside).toHaveLength(1);
    expect(readFileSync(join(local.tree, 'terraform', beside[0]!), 'utf8')).toBe(ORIGINAL);
    expect(readFileSync(join(local.tree, 'terraform/main.tf'), 'utf8')).toBe(SABOTAGED);
    rmSync(join(local.tree, 'terraform', beside[0]!));
    writeFileSync(join(local.tree, 'terraform/main.tf'), ORIGINAL);
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
  });

  it('Diff speaks words, folds a removed folder, hides touch-only changes, opens a text diff under its row, and refreshes after a restore (item 13)', async () => {
    const t = new Date(Date.now() - 3_600_000);
    utimesSync(join(local.tree, 'k8s/service-0.yaml'), t, t); // touched, not changed
    writeFileSync(join(local.tree, 'k8s/deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 0\n');
    writeFileSync(join(local.tree, 'k8s/backdoor.yaml'), 'kind: ServiceAccount\nname: agent-admin\n'); // added since the snapshot
    rmSync(join(local.tree, 'terraform'), { recursive: true });
    await shell.go('Diff');
    await app.page.getByLabel('From snapshot').selectOption({ index: (await app.page.getByLabel('From snapshot').locator('option').count()) - 1 });
    const diff = new DiffPage(app.page);
    await diff.compareWithLive();
    const infra = diff.changesOf('infra');
    await shows(infra, /removed terraform \(a folder: 1 entry in it\)/);
    expect(await infra.locator('li.change', { hasText: 'terraform/main.tf' }).count()).toBe(0);
    expect(await infra.locator('li.change', { hasText: 'service-0.yaml' }).count()).toBe(0);
    await shows(infra.locator('summary'), /1 modification-time-only changes hidden/);
    await app.page.getByLabel(/Content changes only/).uncheck();
    await shows(infra.locator('li.change', { hasText: 'service-0.yaml' }), /changed k8s\/service-0\.yaml \(modification time\)/);
    await diff.showDiff('k8s/deploy.yaml');
    await shows(infra.locator('li.change', { hasText: 'k8s/deploy.yaml' }).getByRole('region', { name: 'Diff of infra/k8s/deploy.yaml' }), /replicas: 0/);
    // An added file has a view too: all of it is new.
    await diff.showDiff('k8s/backdoor.yaml');
    const added = infra.locator('li.change', { hasText: 'k8s/backdoor.yaml' }).getByRole('region', { name: 'Diff of infra/k8s/backdoor.yaml' });
    await shows(added, /name: agent-admin/);
    await app.shot('diff-inline-folded');
    rmSync(join(local.tree, 'k8s/backdoor.yaml'));
    await diff.restoreThis('terraform');
    await wizard.next();
    await app.page.getByRole('radio', { name: /Back where it was, replacing/ }).check();
    await app.page.getByRole('button', { name: 'Show the plan' }).click();
    await wizard.restoreNow('infra');
    await shows(wizard.verification(), /✔ Restored and verified/);
    await shell.go('Diff');
    // The comparison ran again once the restore ended: terraform is back, so no longer listed.
    await app.page.waitForFunction(() => !document.querySelector('[aria-label="Changes in infra"]')?.textContent?.includes('terraform'), null, { timeout: 20_000 });
    await shows(diff.changesOf('infra'), /deploy\.yaml/);
  });

  it('every screen has an address: reload returns to the same folder or comparison, Back steps back inside the console (item 14)', async () => {
    await shell.go('Browse');
    await browse.root();
    await browse.open('infra');
    await browse.entry('k8s').waitFor();
    await browse.open('k8s');
    await browse.entry('deploy.yaml').waitFor();
    expect(new URL(app.page.url()).hash).toMatch(/^#\/browse\?vault=[^&]+&snapshot=[0-9a-f]+&path=infra%2Fk8s$/);
    await app.page.reload();
    await browse.entry('deploy.yaml').waitFor();
    await shows(app.page.getByRole('navigation', { name: 'Path' }), /k8s/);
    await shell.go('Diff');
    await app.page.goBack();
    await browse.entry('deploy.yaml').waitFor();
    await app.page.goBack();
    await browse.entry('k8s').waitFor(); // one folder up
    expect(new URL(app.page.url()).hash).toMatch(/path=infra$/);
    await app.shot('browse-after-back');
    // A comparison has an address too: reload shows it again, without pressing Compare.
    await shell.go('Diff');
    const diff = new DiffPage(app.page);
    await diff.compareWithLive();
    expect(new URL(app.page.url()).hash).toMatch(/^#\/diff\?vault=[^&]+&snapshot=([0-9a-f]+)&from=\1&against=live$/);
    await app.page.reload();
    await shows(app.page.getByLabel('Compared sides'), /↔ live now/);
    await diff.counts().waitFor();
    await diff.changesOf('infra').waitFor();
    expect(new URL(app.page.url()).hash).toMatch(/&against=live$/);
  });

  it('a skip link is the first stop of the keyboard and leads to the main content (issue 15 item 15)', async () => {
    const first = await app.page.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')?.textContent);
    expect(first?.trim()).toBe('Skip to the main content');
    await app.page.getByRole('link', { name: 'Skip to the main content' }).focus();
    await app.page.keyboard.press('Enter');
    expect(await app.page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('never writes through a symlink: a folder swapped for a link blocks the plan, and nothing is written', async () => {
    const elsewhere = join(app.dir, 'elsewhere');
    mkdirSync(elsewhere);
    renameSync(join(local.tree, 'k8s'), join(app.dir, 'k8s-moved'));
    symlinkSync(elsewhere, join(local.tree, 'k8s'));
    try {
      await planBack(['infra', 'k8s'], ['deploy.yaml'], /Back where it was, replacing/);
      await shows(app.page.getByRole('alert'), /k8s is a symlink on this machine.*never writes through it/);
      expect(await wizard.restoreButton().isDisabled()).toBe(true);
      expect(existsSync(join(elsewhere, 'deploy.yaml'))).toBe(false);
      await app.shot('in-place-symlink-refused');
    } finally {
      rmSync(join(local.tree, 'k8s'));
      renameSync(join(app.dir, 'k8s-moved'), join(local.tree, 'k8s'));
    }
  });
});
