import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { CHEAP_KDF } from '../helpers/vault.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/**
 * An operator's walk (brief h-walk): the wrong files at Connect and at Unlock. A writer credential
 * given as the identity was remembered silently; an identity of another vault "unlocked" into a
 * Dashboard with an empty Sources table that still said "Unlock the identity", and no way on.
 */
describe('the wrong identity, at Connect and at Unlock, in real Chromium', () => {
  const app = new ConsoleSession('walk-identity');
  const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE });
  const other = join(ws.dir, 'other-team', 'other.json');
  let folder: string;

  async function vaults(): Promise<void> {
    await ws.setupQuick();
    const tree = join(ws.dir, 'infra');
    mkdirSync(tree);
    writeFileSync(join(tree, 'main.tf'), 'resource "x" "y" {}\n');
    await ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`]);
    mkdirSync(join(ws.dir, 'other-team'));
    writeFileSync(other, JSON.stringify(await sealIdentity(RecoveryIdentity.generate(), Buffer.from('other passphrase'), CHEAP_KDF)));
    folder = ws.store.slice('file://'.length);
  }

  beforeAll(async () => {
    await Promise.all([vaults(), app.start({})]); // the console and Chromium start while the vaults are made
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('Connect says a writer credential or a missing file is not the identity, and remembers nothing', async () => {
    const vaults = new VaultsPage(app.page);
    await vaults.connectFolder('prod-local', folder, join(ws.dir, 'writer.json'));
    await shows(vaults.error(), /writer\.json is a writer credential: writers can add backups but never read them; give the recovery identity/);
    await app.shot('connect-writer-credential');
    await vaults.connectFolder('prod-local', folder, join(ws.dir, 'nowhere.json'));
    await shows(vaults.error(), /cannot read the identity file .*nowhere\.json; check the path/);
    expect(await app.page.getByLabel('Vault', { exact: true }).locator('option', { hasText: 'prod-local' }).count()).toBe(0);
    await vaults.connectFolder('prod-local', folder, join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
  });

  it("another vault's identity unlocks, and the Dashboard says it cannot read this vault, which identity can, and offers the lock", async () => {
    const dash = new DashboardPage(app.page);
    await app.page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await new UnlockPage(app.page).unlock('other passphrase', other);
    const shell = new Shell(app.page);
    await shows(shell.lockState(), /Unlocked/);
    await shows(app.page.getByRole('alert'), new RegExp(`is not a recipient of vault \\S+ at .*: the identity unlocked now \\(${other}\\) cannot read it\\. Lock, then unlock with this vault's identity \\(${join(ws.dir, 'id.json')}, given when it was connected\\), or choose another vault`));
    const note = dash.posture().getByRole('note');
    await shows(note, /The unlocked identity could not read this vault/);
    expect(await dash.posture().getByText(/Unlock the identity to check/).count()).toBe(0);
    expect(await dash.sources().count()).toBe(0); // no table of no sources
    await app.shot('dashboard-not-a-recipient');
    await note.getByRole('button', { name: 'Lock now' }).click();
    await shows(shell.lockState(), /Locked/);

    await app.page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await new UnlockPage(app.page).unlock(PASSPHRASE, join(ws.dir, 'id.json'));
    await shows(dash.sources(), /infra/);
    expect(await dash.posture().getByRole('note').count()).toBe(0);
  });
});
