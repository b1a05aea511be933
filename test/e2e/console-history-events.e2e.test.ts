import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { TimelinePage } from './pages/timeline-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { axeViolations } from './accessibility.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/**
 * The snapshot where a repository's history changed is marked on the Timeline, where the operator
 * picks what to restore from: a release branch deleted and main force-pushed, then a whole backup.
 */
describe('a history event on the Timeline and the Dashboard, in real Chromium', () => {
  const app = new ConsoleSession('history');
  let ws: CliWorkspace;
  const ids: string[] = [];

  beforeAll(async () => {
    const vault = async () => {
      ws = new CliWorkspace();
      expect(ws.env.BULKHEAD_PASSPHRASE).toBe(PASSPHRASE);
      await ws.setupQuick();
      const repo = join(ws.dir, 'api');
      makeRepo(repo, 5);
      sh(repo, 'branch', 'release/1.4', 'HEAD~1');
      const backup = () => ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${repo}`]);
      await backup();
      sh(repo, 'branch', '-D', 'release/1.4');
      sh(repo, 'reset', '-q', '--hard', 'HEAD~2');
      sh(repo, 'commit', '-q', '--allow-empty', '-m', 'rewritten');
      await backup();
      await backup();
      ids.push(...(await ws.hereJson<{ snapshots: { id: string }[] }>(ws.operator('snapshots'))).snapshots.map((s) => s.id));
      expect(ids).toHaveLength(3);
    };
    await Promise.all([vault(), app.start({})]);
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await new Shell(app.page).go('Timeline');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('marks the snapshot where history changed, and only it, with what changed in its title', async () => {
    const timeline = new TimelinePage(app.page);
    await timeline.points().first().waitFor();
    expect(await timeline.points().count()).toBe(3);
    const marked = timeline.historyPoint('api');
    expect(await marked.count()).toBe(1);
    expect(await marked.locator('text').textContent()).toBe('↺');
    const title = await marked.locator('title').textContent();
    expect(title).toContain('api: main was rewritten: the backup agent recorded a force-push');
    expect(title).toContain('api: release/1.4 deleted');
    await app.shot('timeline-history-event');
    // the three backups are seconds apart: their dots overlap, so the point is opened from the keyboard
    await marked.focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { name: 'Browse' }).waitFor();
    expect(app.page.url()).toContain(`snapshot=${ids[1]}`);
  });

  it('lists it on the Dashboard as changed history, not as something a later backup recovered', async () => {
    await new Shell(app.page).go('Dashboard');
    const dash = new DashboardPage(app.page);
    await shows(dash.anomalies(), /api: release\/1\.4 deleted · history changed here; the snapshot before holds it as it was/);
    await shows(dash.anomalies(), /api: main was rewritten: the backup agent recorded a force-push/);
    expect(await dash.anomalies().getByText(/recovered in snapshot/).count()).toBe(0);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.shot('dashboard-history-event');
  });
});
