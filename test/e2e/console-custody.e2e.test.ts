import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { KeysPage } from './pages/keys-page.js';
import { CeremonyPage } from './pages/ceremony-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { axeViolations } from './accessibility.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/** Issue 15 item 8: enroll and the key ceremony check paths first, labels do not repeat, revoke confirms by id. */
describe('custody input is checked before anything irreversible (issue 15 item 8), in real Chromium', () => {
  const app = new ConsoleSession('custody');
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let shell: Shell;
  let keys: KeysPage;

  beforeAll(async () => {
    // The vault's CLI runs through main() in this process (what they record is the subject, not the
    // process), while the console and Chromium start.
    const vault = async () => {
      local = await consoleVault(undefined, {}, 'here');
      const { ws } = local;
      await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${local.tree}`, '--source', `api=git:${local.repo}`, '--source', "db=stream:printf 'id,name\\n1,alice\\n'"]);
    };
    await Promise.all([vault(), app.start({})]);
    shell = new Shell(app.page);
    keys = new KeysPage(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', local.ws.store.slice('file://'.length), join(local.ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await shell.go('Keys');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await keys.writers().waitFor();
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  const writerRows = () => keys.writers().locator('tbody tr');

  it('a credential path in a folder that does not exist is refused before the writer is enrolled', async () => {
    const missing = join(app.dir, 'no-such-folder', 'laptop.json');
    await keys.enroll('laptop', missing);
    await shows(keys.error(), /the folder .*no-such-folder does not exist; create it first/);
    expect(await app.page.getByText(/failed unexpectedly/).count()).toBe(0);
    expect(await writerRows().count()).toBe(1); // only ci: nothing was added to the vault's config
    expect(existsSync(missing)).toBe(false);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.shot('enroll-missing-folder');
  });

  it('a label already in use is refused, and no file is left behind', async () => {
    const out = join(app.dir, 'dup.json');
    await keys.enroll('CI', out);
    await shows(keys.error(), /a writer labelled "ci" is already enrolled/);
    expect(existsSync(out)).toBe(false);
    expect(await writerRows().count()).toBe(1);
  });

  it('revoke confirms by the writer id, not its label', async () => {
    await keys.enroll('laptop', join(app.dir, 'laptop.json'));
    await keys.enrolled().waitFor();
    const row = keys.writers().locator('tr', { hasText: 'laptop' });
    const id = ((await row.locator('.mono').first().textContent()) ?? '').trim();
    await row.getByRole('button', { name: 'Revoke…' }).click();
    const form = keys.revokeForm();
    await form.getByLabel(`Type its id ${id} to confirm`).fill('laptop');
    expect(await form.getByRole('button', { name: 'Revoke', exact: true }).isDisabled()).toBe(true);
    expect(await axeViolations(app.page)).toEqual([]);
    await form.getByLabel(`Type its id ${id} to confirm`).fill(id);
    await form.getByRole('button', { name: 'Revoke', exact: true }).click();
    await shows(row, /revoked/);
  });

  it('the key ceremony says which folder is missing, and makes nothing', async () => {
    await shell.go('Key ceremony');
    const ceremony = new CeremonyPage(app.page);
    const out = join(app.dir, 'new-id.json');
    await ceremony.create({ out, outDir: join(app.dir, 'missing', 'shares'), passphrase: 'a long passphrase', holders: 'Alice, Bob, Carol', threshold: 2 });
    await shows(app.page.getByRole('alert'), /the folder .*missing does not exist; create it first or choose another place for the share files folder/);
    expect(existsSync(out)).toBe(false);
    await ceremony.create({ out: join(app.dir, 'nowhere', 'id.json'), outDir: join(app.dir, 'shares'), passphrase: 'a long passphrase', holders: 'Alice, Bob, Carol', threshold: 2 });
    await shows(app.page.getByRole('alert'), /the folder .*nowhere does not exist; create it first or choose another place for the identity file/);
    expect(await app.page.getByText(/failed unexpectedly/).count()).toBe(0);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.shot('ceremony-missing-folder');
  });

  it('Browse: a stream is a file with its size and first lines; a ref shows its commit; long names are cut on the left (item 12)', async () => {
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    await app.page.getByLabel('Snapshot', { exact: true }).locator('option').nth(2).waitFor({ state: 'attached' }); // the list has loaded
    await browse.chooseSnapshot(2); // the newest (infra is still short of files there: anomalous, so not the default)
    await browse.root();
    await browse.entry('db').waitFor();
    await browse.open('db');
    await shows(browse.preview(), /id,name\s+1,alice/);
    await browse.open('api');
    await browse.open('refs');
    await browse.open('refs/heads/feature'); // a ref shows its commit
    await shows(browse.preview(), /refs\/heads\/feature → [0-9a-f]{40}[^]*Author: t <t@example\.com>[^]*Date: /);
    await browse.root();
    await browse.open('api');
    await browse.open('pipelines');
    const name = browse.list().locator('.name').filter({ hasText: 'workflows' }).first();
    expect(await name.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    // The whole name in its tooltip, with the detail column's text, which a narrow list does not show.
    expect(await name.getAttribute('title')).toMatch(/^\.github\/workflows\/ci\.yml \(github-actions/);
    await app.shot('browse-stream-and-pipelines');
  });

  it('locked: the Dashboard and the lock indicator offer Unlock; a wrong passphrase stays in the field, selected, with the focus (item 10)', async () => {
    await shell.lockNow();
    await shell.locked().waitFor();
    await shell.go('Dashboard');
    await new DashboardPage(app.page).posture().getByRole('button', { name: 'Unlock' }).click();
    const form = app.page.getByRole('form', { name: 'Unlock', exact: true });
    await form.getByLabel('Passphrase').fill('not the passphrase');
    await form.getByRole('button', { name: 'Unlock' }).click();
    await shows(form.getByRole('alert'), /the passphrase is wrong/);
    expect(await form.getByLabel('Passphrase').inputValue()).toBe('not the passphrase');
    expect(await form.getByLabel('Passphrase').evaluate((e) => e === document.activeElement)).toBe(true);
    await app.shot('unlock-wrong-passphrase-kept');
    await app.page.keyboard.type(PASSPHRASE); // the selection is replaced by what is typed
    await app.page.keyboard.press('Enter');
    await shows(shell.lockState(), /Unlocked/);
    await app.page.getByRole('heading', { name: 'Dashboard' }).waitFor(); // back where Unlock was asked
    await shell.lockNow();
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Unlock…' }).click();
    await form.waitFor();
  });
});
