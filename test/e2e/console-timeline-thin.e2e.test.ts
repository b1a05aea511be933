import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { TimelinePage } from './pages/timeline-page.js';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { sealIdentity } from '../../src/keys/sealed-identity.js';
import { FileStore } from '../../src/storage/file-store.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { fixedClock } from '../../src/util/clock.js';
import { CHEAP_KDF } from '../helpers/vault.js';
import { THIN_FROM } from '../../renderer/src/screens/timeline-thin.js';

const PASSPHRASE = 'a test passphrase';
/** Backups (snapshots): six sources in each make THIN_FROM points with half the backups three would need. */
const HOURS = 51;
/** The first backup this long before the others: the chart's span, so many hourly ones share a column. */
const BEFORE = 60 * 24 * 3_600_000;
const SOURCES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
/** The hour at which beta loses 80% of its files (an anomaly), and the next, whole again. */
const WIPED = 30;

/**
 * #14: past THIN_FROM points the Timeline draws one dot per source and column for the ordinary
 * snapshots in it; an anomalous point is never merged, and every snapshot stays reachable by
 * zooming in. The vault: a backup of six small folders, then 50 hourly ones 60 days later (306
 * points, a few hours to a column), written in process by the real agent on a clock it is given.
 */
describe('the Timeline on many snapshots (thinned), in real Chromium', () => {
  const app = new ConsoleSession('timeline-thin');
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-timeline-thin-'));
  let timeline: TimelinePage;

  beforeAll(async () => {
    const vault = async () => {
      const store = await FileStore.create(join(dir, 'store'));
      const identity = RecoveryIdentity.generate();
      writeFileSync(join(dir, 'id.json'), JSON.stringify(await sealIdentity(identity, Buffer.from(PASSPHRASE), CHEAP_KDF)));
      const clock = fixedClock(new Date(Date.now() - BEFORE - (HOURS + 1) * 3_600_000));
      await initVault({ store, identity, retentionDays: 30, clock });
      const credential = await enrollWriter({ store, identity, label: 'hourly', clock });
      for (const name of SOURCES) mkdirSync(join(dir, name));
      const sources = SOURCES.map((name) => parseSourceSpec(`${name}=dir:${join(dir, name)}`));
      // A file is written only when its content changes: rewriting the four unchanged ones each hour
      // was ~1,200 writes (~3 s of this machine's file system) and made each backup read them again.
      const written = new Map<string, string>();
      for (let hour = 0; hour < HOURS; hour++) {
        for (const name of SOURCES) {
          const files = name === 'beta' && hour === WIPED ? 1 : 5;
          for (let f = 0; f < 5; f++) {
            const path = join(dir, name, `f${f}.txt`);
            const content = `${name} ${f} hour ${f === 0 ? hour : 0}\n`;
            if (f >= files) {
              rmSync(path, { force: true });
              written.delete(path);
            } else if (written.get(path) !== content) {
              writeFileSync(path, content);
              written.set(path, content);
            }
          }
        }
        await backup({ store, credential, sources, excludes: [], tags: [], clock, cacheRoot: join(dir, 'agent-cache') });
        clock.advance(hour === 0 ? BEFORE : 3_600_000);
      }
    };
    await Promise.all([vault(), app.start({})]);
    const shell = new Shell(app.page);
    await new VaultsPage(app.page).connectFolder('hourly', join(dir, 'store'), join(dir, 'id.json'));
    await new DashboardPage(app.page).posture().filter({ hasText: /LOCAL/ }).first().waitFor({ timeout: 20_000 });
    await shell.go('Timeline');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    timeline = new TimelinePage(app.page);
  }, 240_000);
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('stands fewer dots for every point; the anomaly and the chosen snapshot are dots of their own', async () => {
    expect(HOURS * SOURCES.length).toBeGreaterThanOrEqual(THIN_FROM);
    const chart = app.page.getByRole('group', { name: 'Snapshots over time' });
    await app.page.locator(`svg.timeline[data-points="${HOURS * SOURCES.length}"]`).waitFor();
    await timeline.points().first().waitFor();
    const dots = await timeline.points().count();
    expect(dots).toBeLessThan(HOURS * SOURCES.length);
    // What the merged dots stand for, with the single ones, is every point.
    const merged = await chart.locator('.dot.many').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
    expect(merged.length).toBeGreaterThan(0);
    expect(merged.reduce((a, b) => a + b, 0) + (dots - merged.length)).toBe(HOURS * SOURCES.length);
    // beta's wipe is its own red dot, on beta's lane only; the latest snapshot (chosen) is drawn alone too.
    expect(await timeline.anomalousPoint('beta').count()).toBe(1);
    expect(await timeline.anomalousPoint('alpha').count()).toBe(0);
    await chart.locator('.dot.selected').nth(SOURCES.length - 1).waitFor();
    expect(await chart.locator('.dot.selected').count()).toBe(SOURCES.length);
    await app.shot('timeline-thinned');
  });

  it('a merged dot zooms in until its snapshots come apart, each one then its own point', async () => {
    const group = app.page.getByRole('button', { name: /^alpha: \d+ snapshots .* zoom in to see each$/ }).first();
    const standsFor = Number(await group.getAttribute('data-points'));
    expect(standsFor).toBeGreaterThan(1);
    await group.focus();
    await app.page.keyboard.press('Enter');
    await timeline.magnification().filter({ hasNotText: /^1×$/ }).waitFor();
    // Zoomed to what it stood for: fewer than THIN_FROM points in view, so every one is a dot of its own.
    await app.page.locator('.dot.many').first().waitFor({ state: 'detached' });
    expect(await timeline.page.getByRole('button', { name: /^alpha at / }).count()).toBeGreaterThanOrEqual(standsFor);
    await app.shot('timeline-thinned-zoomed');
    await app.page.getByRole('button', { name: 'Show all' }).click();
    await timeline.magnification().filter({ hasText: /^1×$/ }).waitFor();
    // The scrubber still steps through every snapshot.
    expect(await app.page.getByLabel('Scrub through snapshots').getAttribute('max')).toBe(String(HOURS - 1));
  });
});
