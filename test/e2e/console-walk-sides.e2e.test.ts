import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { DrillsPage } from './pages/drills-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { makeRepo, sh } from '../helpers/git.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

const exact = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

/**
 * An operator's walk through the console (brief h-walk): what it found said one thing and did
 * another. The vault: S1 (deploy.yaml at 3 replicas), S2 (at 1 replica: the latest good one), S3
 * after an agent deleted most of k8s/ and the feature branch (anomalous), which is also live now.
 */
describe('the console walked as an operator would: sides, places and numbers agree, in real Chromium', () => {
  const app = new ConsoleSession('walk-sides');
  const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE });
  const tree = join(ws.dir, 'infra');
  const repo = join(ws.dir, 'api-service');
  let shell: Shell;
  const snaps: { id: string; at: string }[] = [];

  /** S1, S2 and S3 as above, the CLI's runs through main() in this process (what they record is the subject, not the process). */
  async function vault(): Promise<void> {
    await ws.setupQuick();
    mkdirSync(join(tree, 'k8s'), { recursive: true });
    mkdirSync(join(tree, 'config'), { recursive: true });
    writeFileSync(join(tree, 'k8s/deploy.yaml'), 'replicas: 3\n');
    for (let i = 0; i < 8; i++) writeFileSync(join(tree, `k8s/service-${i}.yaml`), `kind: Service\nname: s${i}\n`);
    writeFileSync(join(tree, 'config/blob.bin'), Buffer.alloc(20_000, 7)); // control bytes, no NUL: not text
    makeRepo(repo, 3);
    const backup = () => ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`, '--source', `api=git:${repo}`]);
    await backup();
    writeFileSync(join(tree, 'k8s/deploy.yaml'), 'replicas: 1\n');
    await backup();
    rmSync(join(tree, 'k8s/deploy.yaml'));
    for (let i = 0; i < 8; i++) rmSync(join(tree, `k8s/service-${i}.yaml`));
    sh(repo, 'branch', '-D', 'feature');
    await backup();
    snaps.push(...(await ws.hereJson<{ snapshots: { id: string; at: string }[] }>(ws.operator('snapshots'))).snapshots);
    expect(snaps).toHaveLength(3);
  }

  beforeAll(async () => {
    await Promise.all([vault(), app.start({})]); // the console and Chromium start while the vault is made
    shell = new Shell(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await shell.go('Timeline');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(shell.lockState(), /Unlocked/);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('the Timeline names the same point in time Browse opens (the latest good one), to the second', async () => {
    // It named the oldest snapshot (02:39) while Browse, Diff and Restore acted on the latest good one.
    const point = app.page.locator('.scrub span');
    await shows(point, new RegExp(`Point in time: ${exact(snaps[1]!.at)}`));
    // Each point is named to the second too: snapshots minutes apart read the same by the minute.
    const points = app.page.getByRole('group', { name: 'Snapshots over time' });
    for (const s of snaps) {
      const sameSecond = snaps.filter((x) => exact(x.at) === exact(s.at)).length; // quick backups may share one
      expect(await points.getByRole('button', { name: new RegExp(`^infra at ${exact(s.at)}, `) }).count()).toBe(sameSecond);
    }
    await app.page.getByRole('button', { name: `Open ${exact(snaps[1]!.at)}` }).click();
    await app.page.getByRole('heading', { name: 'Browse', exact: true, level: 1 }).waitFor();
    expect(await app.page.getByLabel('Snapshot', { exact: true }).inputValue()).toBe(snaps[1]!.id);
    await app.shot('timeline-point');
  });

  it('the Dashboard lists an anomaly once, in its own card, not again as a raw ISO line in the posture', async () => {
    await shell.go('Dashboard');
    const dash = new DashboardPage(app.page);
    await shows(dash.anomalies(), /infra lost \d+% of its files/);
    await shows(dash.posture(), /No overwrite attempts/);
    expect(await dash.posture().getByText(/anomalous snapshot/).count()).toBe(0);
    expect(await dash.anomalies().getByRole('listitem').count()).toBeGreaterThan(0);
    await app.shot('dashboard-anomaly-once');
  });

  it('Browse: a folder opened by mouse starts at its first row, so Enter and Esc work there; control bytes preview as binary', async () => {
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    await browse.root('api');
    await browse.entry('api').locator('.name').click();
    await browse.entry('pipelines').waitFor();
    // The click on the second row (pipelines) used to land after the folder opened: the active row
    // was row 1 of a shorter list, and Esc, Enter and Space did nothing.
    await browse.entry('pipelines').locator('.name').click();
    await app.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'pipelines' }).waitFor();
    await expect.poll(() => browse.list().getAttribute('aria-activedescendant')).toBe('row-0');
    await browse.list().press('Escape');
    await browse.entry('refs').waitFor();

    await browse.root('infra');
    await browse.open('infra');
    await browse.open('config');
    await browse.open('blob.bin');
    await shows(browse.preview(), /binary file \(control bytes, not text\): restore it to open it/);
    expect(await browse.preview().getByLabel(/^Contents of/).count()).toBe(0);
    await app.shot('browse-binary');
  });

  it('Diff: the header, Show diff and Restore this keep to the sides compared after the pickers move on', async () => {
    await shell.go('Diff');
    await app.page.getByLabel('From snapshot').selectOption(snaps[0]!.id);
    const diff = new DiffPage(app.page);
    await diff.compareWithLive();
    const sides = app.page.getByRole('heading', { name: 'Compared sides' });
    await shows(sides, new RegExp(`snapshot ${exact(snaps[0]!.at)} ↔ live now`));
    // The pickers now name another comparison, not yet run.
    await app.page.getByLabel('From snapshot').selectOption(snaps[1]!.id);
    await app.page.getByLabel('Against').selectOption(snaps[2]!.id);
    await shows(app.page.getByRole('note'), /press Compare to run it/);
    expect(await sides.textContent()).toBe(`snapshot ${exact(snaps[0]!.at)} ↔ live now`);
    await diff.showDiff('k8s/deploy.yaml');
    await shows(diff.sideBySide('infra/k8s/deploy.yaml'), /replicas: 3/); // S1's copy against live, where it is gone
    await app.shot('diff-sides-kept');

    await diff.restoreThis('k8s/deploy.yaml');
    await app.page.getByRole('heading', { name: 'Restore', exact: true, level: 1 }).waitFor();
    expect(await app.page.getByLabel('Snapshot', { exact: true }).inputValue()).toBe(snaps[0]!.id); // not S2, the picker's
    const wizard = new RestorePage(app.page);
    await wizard.next();
    const target = join(app.dir, 'from-diff');
    await wizard.target(target);
    await shows(wizard.plan(), /infra\/k8s\/deploy\.yaml/);
    await shows(app.page.getByRole('heading', { name: /^The plan: 1 item, 1 file, / }), /into/);
    await wizard.restoreNow('from-diff');
    await shows(wizard.verification(), /Restored and verified/);
    expect(readFileSync(join(target, 'deploy.yaml'), 'utf8')).toBe('replicas: 3\n');
    await wizard.progress().waitFor();
    expect(await wizard.progress().textContent()).toMatch(/^✔ done · 1 of 1 file · 12 B of 12 B$/);

    // The finished restore makes Diff compare again: the same sides, not the Against picker's (S3).
    await shell.go('Diff');
    await shows(sides, new RegExp(`snapshot ${exact(snaps[0]!.at)} ↔ live now`));
    await diff.counts().waitFor();
    expect(await sides.textContent()).toBe(`snapshot ${exact(snaps[0]!.at)} ↔ live now`);
    await shell.go('Restore');
  }, 60_000);

  it('a finished restore of a folder and a ref shows the whole plan; a relative path or a kernel file system is refused, a target it cannot write says why', async () => {
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    await browse.chooseSnapshot(1);
    await browse.root('infra');
    await browse.open('infra');
    await browse.select('k8s');
    await browse.root('api');
    await browse.open('api');
    await browse.open('refs');
    await browse.select('refs/heads/feature'); // gone from the live repository: pushed back there
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await wizard.next();
    const target = join(app.dir, 'two-items');
    await wizard.target(target);
    await wizard.plan().waitFor();
    await wizard.restoreNow('two-items');
    await shows(wizard.verification(), /Restored and verified/);
    // It said "✔ done · 0 items": the numbers of its last item, the ref.
    expect(await wizard.progress().textContent()).toMatch(/^✔ done · 9 of 9 files · \d+ B of \d+ B$/);
    expect(sh(repo, 'branch', '--list', 'feature')).toMatch(/feature/);
    await app.shot('restore-whole-numbers');

    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell.go('Browse');
    await browse.root('infra');
    await browse.open('infra');
    await browse.open('config');
    await browse.select('blob.bin');
    await browse.restoreSelected();
    await wizard.next();
    // A relative target landed under whatever folder the console was started from.
    await wizard.target('restore-here');
    await shows(app.page.getByRole('alert'), /"restore-here" is not a full path: give the target folder from \/ \(it would be under \S+, the folder the console was started from\)/);
    expect(await wizard.plan().count()).toBe(0);
    // A kernel file system is refused at the plan: Node's recursive mkdir spun there for ever.
    await wizard.target('/proc/walk/deeper');
    await shows(app.page.getByRole('alert'), /\/proc\/walk\/deeper is on \/proc, a proc file system of the kernel, not a disk: nothing can be written there; choose another target folder/);
    expect(await wizard.plan().count()).toBe(0);
    // A target under a file: the plan says so and cannot be run (it used to fail halfway through
    // the run, and before that with "the job failed unexpectedly; see the console log").
    writeFileSync(join(app.dir, 'a-file'), 'not a folder\n');
    await wizard.target(join(app.dir, 'a-file', 'restored'));
    await wizard.plan().waitFor();
    await shows(app.page.getByRole('alert'), /✖ \S+\/a-file is a file, where \S+\/a-file\/restored needs a folder; choose another target/);
    expect(await wizard.restoreButton().isDisabled()).toBe(true);
    await app.shot('restore-unwritable-target');
  }, 60_000);

  it('a drill into a kernel file system is refused before it starts (it spun for ever, and a drill cannot be cancelled)', async () => {
    await shell.go('Drills');
    await new DrillsPage(app.page).run('config-loss', '/proc/walk-drill');
    const form = app.page.getByRole('form', { name: 'Run a drill' });
    await shows(form.getByRole('alert').or(app.page.getByRole('alert')), /\/proc\/walk-drill is on \/proc, a proc file system of the kernel, not a disk: nothing can be written there; choose another sandbox folder/);
    expect(await shell.jobs().getByText(/drill config-loss/).count()).toBe(0);
    await app.shot('drill-proc-refused');
  });
});
