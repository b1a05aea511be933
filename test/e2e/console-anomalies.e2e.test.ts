import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { TimelinePage } from './pages/timeline-page.js';
import { DiffPage } from './pages/diff-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { axeViolations } from './accessibility.js';
import { holdAnswer } from './held-answer.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/**
 * Issue 15 item 9: anomalies per source lineage. The vault: a whole snapshot (infra, api); one where
 * infra lost 80% of its files; a backup of infra alone, whole again; then one in which another
 * source's backup failed.
 */
describe('anomalies per source lineage (issue 15 item 9), in real Chromium', () => {
  const app = new ConsoleSession('anomalies');
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let shell: Shell;
  const ids: string[] = [];

  beforeAll(async () => {
    // The vault's CLI runs go through main() in this process (what they record is the subject, not
    // the process), while the console and Chromium start.
    const vault = async () => {
      local = await consoleVault(undefined, {}, 'here');
      const { ws, tree } = local;
      for (let i = 0; i < 8; i++) writeFileSync(join(tree, `k8s/service-${i}.yaml`), `kind: Service\nname: s${i}\n`);
      await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`]);
      const failed = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `infra=dir:${tree}`, '--source', 'gone=git:git://127.0.0.1:1/nothing.git']);
      expect(failed.code).toBe(3); // a source failed
      ids.push(...(await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots.map((s) => s.id));
      expect(ids).toHaveLength(4);
    };
    await Promise.all([vault(), app.start({})]);
    const { ws } = local;
    shell = new Shell(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await shell.go('Timeline');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('a backup of one source is no anomaly; the wipe is on its own lane only', async () => {
    const timeline = new TimelinePage(app.page);
    await timeline.points().first().waitFor();
    expect(await timeline.anomalousPoint('infra').count()).toBe(1);
    expect(await timeline.anomalousPoint('api').count()).toBe(0); // infra's wipe is not painted on api's lane
    await app.shot('timeline-own-lanes');
    await shell.go('Dashboard');
    const dash = new DashboardPage(app.page);
    await shows(dash.anomalies(), /infra lost 80% of its files \(10 → 2\)/);
    expect(await dash.anomalies().getByRole('listitem').count()).toBe(1);
    expect(await app.page.getByText(/sources, down from/).count()).toBe(0);
    await shows(dash.anomalies(), new RegExp(`✔ recovered in snapshot .*\\(${ids[2]!.slice(0, 8)}\\)`));
    // The source whose only backup failed is not "current"; the times in sentences are for people.
    await shows(dash.sources().getByRole('row', { name: /^gone/ }), /✖ last backup failed; never backed up whole/);
    await shows(dash.posture(), /the backup of gone failed in snapshot \w+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.shot('dashboard-anomaly-recovered');
  });

  it('the anomaly opens the diff of that source, the snapshot before ↔ the anomalous one', async () => {
    // A comparison against live still running when the anomaly is opened answers last: the Diff shows
    // the anomaly's comparison, which its header names, not the late answer of the other.
    const live = await holdAnswer(app.page, 'diff.run', (args) => (args as { to?: string } | null)?.to === 'live');
    await shell.go('Diff');
    await app.page.getByLabel('From snapshot').selectOption({ index: 0 });
    await app.page.getByLabel('Against').selectOption('live');
    await app.page.getByRole('button', { name: 'Compare' }).click();
    await live.asked;
    await shell.go('Dashboard');
    await new DashboardPage(app.page).anomalies().getByRole('button', { name: 'Compare with the snapshot before' }).click();
    await app.page.getByRole('heading', { name: 'Diff' }).waitFor();
    const diff = new DiffPage(app.page);
    await shows(diff.changesOf('infra'), /8 removed, 0 changed, 0 added/);
    await live.release();
    await shows(diff.changesOf('infra'), /8 removed, 0 changed, 0 added/, 2_000);
    expect(await diff.changesOf('api').count()).toBe(0);
    await shows(app.page.getByText(/Only infra is shown/), /infra/);
    expect(await app.page.getByLabel('From snapshot').inputValue()).toBe(ids[0]);
    expect(await app.page.getByLabel('Against').inputValue()).toBe(ids[1]);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.shot('anomaly-diff');
  });

  it("snapshot pickers tell snapshots apart: seconds, age, Bulkhead's verdict and concern in words, then sources, files, bytes, writer (item 11)", async () => {
    const options = await app.page.getByLabel('From snapshot').locator('option').allTextContents();
    const of = (id: string) => options.find((o) => o.includes(id.slice(0, 8)))!;
    expect(of(ids[1]!)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ (s|min) ago\) · \w{8} · ⚠ anomaly: infra lost 80% of its files \(10 → 2\) · 2 sources \(infra, api\), \d+ files, .* · by ci$/);
    expect(of(ids[3]!)).toMatch(/ · \w{8} · ⚠ backup of gone failed · /);
    expect(of(ids[2]!)).toMatch(/ · \w{8} · latest good · 1 source \(infra\), 10 files, /);
  });

  it('the incident compares each source from its own latest good snapshot and names the one whose backup failed', async () => {
    await shell.go('Incident');
    const incident = new IncidentPage(app.page);
    // infra backed up whole in the snapshot where "gone" failed: that one is infra's (and the failure is said)
    await shows(incident.lineage('gone', 'infra').latestGood(), new RegExp(ids[3]!.slice(0, 12)));
    await shows(incident.lineage('gone', 'infra').group('Not compared'), /gone \(git\): the backup of gone failed/);
    // api's newest is the snapshot that is anomalous for infra only
    await shows(incident.lineage('api').latestGood(), new RegExp(ids[1]!.slice(0, 12)));
  });
});
