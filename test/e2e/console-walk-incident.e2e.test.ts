import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { DiffPage } from './pages/diff-page.js';
import { RestorePage } from './pages/restore-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { s3Env, s3Url, uniqueBucket } from '../helpers/s3.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/**
 * An operator's walk after an agent struck (brief: walk the console as in an incident): an S3 Object
 * Lock vault made by `vault init` on a server that wraps 2106 dates (Ceph RGW), one backup of a config
 * tree and a repository, then files deleted, a tag deleted, a branch force-pushed, a workflow removed.
 */
describe('the console in an incident, on the S3 vault, in real Chromium', () => {
  const app = new ConsoleSession('walk-incident');
  const bucket = uniqueBucket('walk');
  const ws = new CliWorkspace(s3Url(bucket), { BULKHEAD_PASSPHRASE: PASSPHRASE, ...s3Env() });
  const shell = () => new Shell(app.page);
  let backup: () => Promise<unknown>;

  async function vault(): Promise<void> {
    await ws.setupQuick('--create-bucket', '--retention-days', '1');
    const tree = join(ws.dir, 'infra');
    mkdirSync(join(tree, 'app'), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `app/setting${i}.yaml`), `key: ${i}\n`);
    writeFileSync(join(tree, 'main.tf'), 'resource "x" "y" {}\n');
    const repo = join(ws.dir, 'api');
    makeRepo(repo, 4);
    sh(repo, 'branch', 'topic', 'main~1');
    backup = () => ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`, '--source', `api=git:${repo}`]);
    await backup();
    // The agent: a folder wiped, a topic branch deleted, a branch force-pushed, the CI workflow removed.
    // (A deleted tag or release branch is a history event of its own, an anomaly: console-history-events.)
    rmSync(join(tree, 'app'), { recursive: true });
    sh(repo, 'branch', '-D', 'topic');
    sh(repo, 'branch', '-f', 'feature', 'main~2');
    sh(repo, 'rm', '-q', '.github/workflows/ci.yml');
    sh(repo, '-c', 'user.name=agent', '-c', 'user.email=a@example.com', 'commit', '-qm', 'remove ci');
  }

  beforeAll(async () => {
    await Promise.all([vault(), app.start(s3Env())]);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('Connect: a vault folder that does not exist is said to be missing, not only "create one"', async () => {
    await new VaultsPage(app.page).connectFolder('typo', join(ws.dir, 'vualt'), '');
    await shows(new VaultsPage(app.page).error(), /there is no Bulkhead vault at file:\/\/\S+\/vualt: that folder does not exist; check the path/);
  });

  it("locked, the Dashboard's shortest lock is that of the vault's objects, not the date probe's wrapped 1970 (never negative days)", async () => {
    await new VaultsPage(app.page).connectS3('prod-s3', { bucket, endpoint: inject('s3').endpoint, region: 'us-east-1' });
    const posture = new DashboardPage(app.page).posture();
    await shows(posture, /✔ Immutable · COMPLIANCE 1 d, shortest lock 0 d \d+ h left/);
    await shows(posture, /this server wraps retention dates past 2106/); // the probe is still reported, as a note
    expect(await posture.innerText()).not.toMatch(/lock -\d/);
    await app.shot('dashboard-s3-locked');
  });

  it('Diff against live says what was lost by kind, each count with what it counts', async () => {
    await app.page.getByRole('button', { name: 'Unlock', exact: true }).first().click();
    await new UnlockPage(app.page).unlock(PASSPHRASE, join(ws.dir, 'id.json'));
    await shows(shell().lockState(), /Unlocked/);
    await shell().go('Diff');
    const diff = new DiffPage(app.page);
    await diff.compareWithLive();
    await shows(diff.counts(), /^1 ref deleted · 1 pipeline removed · 1 folder removed · 5 files removed · 1 ref rewritten \(history replaced\) · 1 ref moved forward \(8 removed · 2 changed · 0 added in all\)$/);
    await shows(diff.changesOf('infra'), /infra \(dir\) — 1 folder removed, 5 files removed \(6 removed, 0 changed, 0 added\)/);
    await app.shot('diff-live-by-kind');
  });

  it('a finished restore says when it ran and how long it took, in the wizard and the job strip', async () => {
    const diff = new DiffPage(app.page);
    await diff.restoreThis('app');
    const wizard = new RestorePage(app.page);
    await wizard.next();
    const target = join(ws.dir, 'restored');
    mkdirSync(target);
    await wizard.target(target);
    await wizard.plan().waitFor();
    await wizard.restoreNow('restored');
    await shows(wizard.verification(), /Restored and verified/);
    // It said "✔ done · 5 of 5 files · 40 B of 40 B": no time, though the strip is read long after.
    const ran = /restore infra\/app → \S+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, took \d+ s/;
    await shows(app.page.locator('section .progress-title'), ran);
    await shows(shell().jobs(), ran);
    await app.shot('restore-ran-when');
  });

  it('Esc steps back through the wizard: Plan to Target (the target kept), Target to Select', async () => {
    const wizard = new RestorePage(app.page);
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell().go('Diff');
    await new DiffPage(app.page).restoreThis('app');
    await wizard.next();
    await wizard.target(join(ws.dir, 'restored-again'));
    await wizard.plan().waitFor();
    await app.page.getByLabel(/^Confirm by typing /).press('Escape');
    await shows(wizard.currentStep(), /2 Target/);
    expect(await app.page.getByLabel('Target folder on this machine').inputValue()).toBe(join(ws.dir, 'restored-again'));
    await app.page.getByLabel('Target folder on this machine').press('Escape');
    await shows(wizard.currentStep(), /1 Select/);
    await shows(wizard.selection(), /infra\/app/);
  });

  it('after the next backup, each group is compared from its own snapshot, and one the strike left "good" says what it already lacks', async () => {
    await shell().go('Incident'); // before that backup: one group, api and infra, compared from the first snapshot
    await shows(app.page.getByRole('heading', { name: /What changed since then/ }), /8 changes/);
    // The scheduled run after the agent: infra lost 6 of 7 entries (an anomaly: its latest good stays
    // the first snapshot); api lost 1 ref of 4 and 1 pipeline of 2, no anomaly: the new one is its latest good.
    await backup();
    await shell().go('Dashboard');
    await app.page.getByRole('button', { name: 'Check again' }).click();
    await shell().go('Incident');
    const infra = app.page.getByRole('region', { name: 'Sources infra' });
    const api = app.page.getByRole('region', { name: 'Sources api' });
    await shows(api.getByRole('heading', { name: /What changed since then/ }), /nothing/);
    // infra's group showed the first comparison's api refs and pipeline under "Latest good snapshot of infra".
    await shows(infra.getByRole('heading', { name: /What changed since then/ }), /5 changes/);
    expect(await infra.innerText()).not.toMatch(/refs\/heads\/topic|ci\.yml/);
    // api's said "nothing" and no more: the answer to "what was lost?" was wrong.
    const note = api.getByRole('note', { name: 'Lost before this snapshot' });
    await shows(note, /already lacks what the one before it held \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, [^)]*\): 1 ref deleted · 1 pipeline removed · 1 ref rewritten \(history replaced\)\./);
    await app.shot('incident-lost-before');
    await note.getByRole('button', { name: /^Compare .* with live$/ }).click();
    await shows(new DiffPage(app.page).counts(), /^1 ref deleted · 1 pipeline removed · 1 ref rewritten \(history replaced\) · 1 ref moved forward \(/);
  });

  it('Timeline: arrow keys move between points, along a lane and across lanes; Enter opens one', async () => {
    await shell().go('Timeline');
    const label = () => app.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const time = (l: string) => /at (\S+ \S+ UTC)/.exec(l)![1]!;
    await app.page.getByRole('group', { name: 'Snapshots over time' }).getByRole('button', { name: /^api at / }).first().focus();
    const api1 = await label();
    await app.page.keyboard.press('ArrowRight'); // arrows did nothing: each of ~hundreds of points was one Tab away from the next
    const moved = await label();
    expect(moved).toMatch(/^api at /);
    expect(time(moved)).not.toBe(time(api1));
    await app.page.keyboard.press('ArrowDown');
    expect(time(await label())).toBe(time(moved));
    expect(await label()).toMatch(/^infra at /);
    await app.page.keyboard.press('ArrowLeft');
    expect(await label()).toMatch(/^infra at /);
    expect(time(await label())).toBe(time(api1));
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { name: 'Browse' }).waitFor();
  });
});
