import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import QRCode from 'qrcode';
import { inject } from 'vitest';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { TimelinePage } from './pages/timeline-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { DiffPage } from './pages/diff-page.js';
import { RestorePage } from './pages/restore-page.js';
import { AuditPage } from './pages/audit-page.js';
import { KeysPage } from './pages/keys-page.js';
import { CeremonyPage } from './pages/ceremony-page.js';
import { DrillsPage } from './pages/drills-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { axeViolations } from './accessibility.js';
import { holdAnswer } from './held-answer.js';
import { s3Env, s3Url, uniqueBucket } from '../helpers/s3.js';
import { sh } from '../helpers/git.js';

/** Waits until the locator shows text matching re (the UI updates asynchronously). */
async function shows(locator: Locator, re: RegExp): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout: 20_000 });
}

describe('the recovery console in real Chromium', () => {
  const bucket = uniqueBucket('e2e');
  const app = new ConsoleSession();
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let shell: Shell;

  beforeAll(async () => {
    // The two vaults and the console are independent: made at the same time (each waits on its CLI, git
    // or S3). The vaults' CLI runs go through main() in this process (what they record is the subject).
    const withShares = async () => {
      local = await consoleVault(undefined, {}, 'here');
      await local.ws.hereOk(['keys', 'split', '--identity', 'id.json', '--threshold', '2', '--shares', '3', '--out-dir', 'shares', '--holders', 'Alice,Bob,Carol']);
    };
    await Promise.all([withShares(), consoleVault(s3Url(bucket), s3Env(), 'here') /* the same sources, in an S3 Object Lock bucket */, app.start(s3Env())]);
    shell = new Shell(app.page);
  });
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('connects a local vault and shows its posture while locked', async () => {
    await app.shot('vaults-empty');
    await new VaultsPage(app.page).connectFolder('prod-local', local.ws.store.slice('file://'.length), join(local.ws.dir, 'id.json'));
    const dash = new DashboardPage(app.page);
    await shows(dash.posture(), /LOCAL/);
    await shows(dash.posture(), /Unlock the identity/);
    await app.shot('dashboard-locked');
  });

  it('connects the S3 Object Lock vault on the real S3 server: immutable, COMPLIANCE', async () => {
    await shell.go('Vaults');
    await new VaultsPage(app.page).connectS3('prod-s3', { bucket, endpoint: inject('s3').endpoint, region: 'us-east-1' });
    await shows(new DashboardPage(app.page).posture(), /✔ Immutable · COMPLIANCE 1 d/);
    await app.shot('dashboard-s3');
    await shell.chooseVault('prod-local');
  });

  it('a wrong passphrase is a clear message; the right one unlocks', async () => {
    await shell.go('Browse');
    const unlock = new UnlockPage(app.page);
    await unlock.unlock('not the passphrase');
    await shows(unlock.error(), /the passphrase is wrong/);
    await app.shot('unlock-wrong-passphrase');
    await unlock.unlock(PASSPHRASE);
    await shows(shell.lockState(), /Unlocked/);
  });

  it('the dashboard flags the snapshot that lost most of the config tree', async () => {
    await shell.go('Dashboard');
    const dash = new DashboardPage(app.page);
    await shows(dash.anomalies(), /infra lost 80% of its files \(10 → 2\)/);
    await shows(dash.sources(), /api-service|api/);
    await app.shot('dashboard-unlocked');
  });

  it('the timeline shows each source\'s snapshots; the anomalous point opens that snapshot', async () => {
    await shell.go('Timeline');
    const timeline = new TimelinePage(app.page);
    expect(await timeline.points().count()).toBe(4); // 2 snapshots × 2 sources
    await app.shot('timeline');
    // A drag across the lanes zooms into that stretch of time; Show all goes back.
    const whole = await timeline.axis().allTextContents();
    await timeline.drag(0.3, 0.7);
    await timeline.magnification().filter({ hasNotText: /^1×$/ }).waitFor();
    expect(await timeline.axis().allTextContents()).not.toEqual(whole);
    await app.page.getByRole('button', { name: 'Show all' }).click();
    await timeline.magnification().filter({ hasText: /^1×$/ }).waitFor();
    expect(await timeline.axis().allTextContents()).toEqual(whole);
    await timeline.anomalousPoint('infra').focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { name: 'Browse' }).waitFor();
  });

  it('browses the first snapshot by keyboard and previews a file with highlighting', async () => {
    const browse = new BrowsePage(app.page);
    await browse.chooseSnapshot(0);
    await browse.open('infra');
    await browse.open('k8s');
    await shows(browse.list(), /service-7\.yaml/);
    // Answers out of order: the listing for "serv", typed first, answers after the one for "service-7"
    // (a large folder on a loaded machine). The later filter's rows stay; the earlier answer is dropped.
    const first = await holdAnswer(app.page, 'browse.list', (args) => (args as { filter?: string } | null)?.filter === 'serv');
    await app.page.getByLabel('Filter by name').fill('serv');
    await first.asked;
    await browse.filter('service-7');
    await first.release();
    await shows(browse.count(), /^1 entry matching “service-7”/);
    expect(await browse.list().getByRole('option').allTextContents()).toEqual([expect.stringContaining('service-7.yaml')]);
    await browse.filter('deploy');
    await shows(browse.count(), /^1 entry matching/);
    await browse.open('deploy.yaml');
    await shows(browse.preview(), /replicas: 3/);
    await browse.preview().locator('.hljs-attr').first().waitFor(); // coloured in a worker, after the text (highlight.ts)
    // Trusted Types are enforced (the CSP of src/host/web/csp.ts): the preview's HTML came through the
    // highlighter's policy, and a plain string is refused at the sink.
    const sink = await app.page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x>';
        return 'assigned';
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(sink).toBe('TypeError');
    await app.shot('browse-preview');
    // In a 900 px window the list is narrow beside the preview: every column it still shows is whole.
    await app.page.getByLabel('Filter by name').fill('');
    await shows(browse.count(), /^\d+ entries$/);
    await app.page.setViewportSize({ width: 900, height: 700 });
    try {
      await shows(browse.list(), /service-7\.yaml/);
      const cut = await browse.list().locator('.entry > :is(.size, .time, .detail)').evaluateAll((spans) => spans.filter((s) => getComputedStyle(s).display !== 'none' && s.scrollWidth > s.clientWidth).map((s) => s.textContent));
      expect(cut).toEqual([]);
      expect(await browse.list().locator('.entry .time').first().isVisible()).toBe(true);
      await app.shot('browse-900px');
    } finally {
      await app.page.setViewportSize({ width: 1360, height: 860 });
    }
  });

  it('diffs the latest snapshot against live after files are deleted, with a side-by-side text diff', async () => {
    rmSync(join(local.tree, 'k8s/deploy.yaml'));
    writeFileSync(join(local.tree, 'terraform/main.tf'), 'resource "aws_s3_bucket" "b" { force_destroy = true }\n');
    await shell.go('Diff');
    const diff = new DiffPage(app.page);
    await app.page.getByLabel('From snapshot').selectOption({ index: 0 }); // newest
    await diff.compareWithLive();
    await shows(diff.counts(), /1 removed · 1 changed · 0 added/);
    await diff.showDiff('terraform/main.tf');
    await shows(diff.sideBySide('infra/terraform/main.tf'), /force_destroy/);
    await app.shot('diff-live');
    await diff.restoreThis('k8s/deploy.yaml');
  });

  it('restores one file and one directory with the wizard; the bytes match', async () => {
    // "Restore this" selected the deleted file; add a whole directory of the same snapshot.
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    await browse.open('infra');
    await browse.select('terraform');
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await shows(app.page.locator('section'), /infra\/k8s\/deploy\.yaml/);
    await app.shot('restore-select');
    await wizard.next();
    const target = join(app.dir, 'recovered');
    await wizard.target(target);
    await shows(wizard.plan(), /nothing there/);
    expect(await wizard.restoreButton().isDisabled()).toBe(true); // not before the typed confirmation
    await app.shot('restore-plan');
    await wizard.confirm('recovered');
    await wizard.restoreButton().click();
    await shows(wizard.verification(), /Restored and verified/);
    await shows(wizard.verification(), /infra\/terraform: verified|re-read and re-hashed/);
    await app.shot('restore-verified');
    expect(readFileSync(join(target, 'deploy.yaml'), 'utf8')).toBe('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n');
    expect(readFileSync(join(target, 'terraform/main.tf'), 'utf8')).toBe('resource "aws_s3_bucket" "b" {}\n');
  });

  it('puts a branch the agent deleted back into the live repository, from Browse, verified', async () => {
    const commit = sh(local.repo, 'rev-parse', 'refs/heads/feature');
    sh(local.repo, 'branch', '-D', 'feature');
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell.go('Browse');
    const browse = new BrowsePage(app.page);
    await browse.root();
    await browse.open('api');
    await browse.open('refs');
    await browse.select('refs/heads/feature');
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await wizard.next();
    await wizard.target(join(app.dir, 'not-used'));
    await shows(wizard.plan(), /refs\/heads\/feature → [0-9a-f]{12} \(deleted on the live repository: pushed back\)/);
    await app.shot('restore-ref-plan');
    await wizard.confirm('api'); // nothing lands in a folder: the repository's name confirms
    await wizard.restoreButton().click();
    await shows(wizard.verification(), /Restored and verified/);
    expect(sh(local.repo, 'rev-parse', 'refs/heads/feature')).toBe(commit);

    // The same from Diff against live: the deleted ref has "Restore this", which opens the wizard on it.
    sh(local.repo, 'branch', '-D', 'feature');
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    await shell.go('Diff');
    const diff = new DiffPage(app.page);
    await app.page.getByLabel('From snapshot').selectOption({ index: 0 });
    await diff.compareWithLive();
    await shows(diff.changesOf('api'), /ref deleted refs\/heads\/feature/);
    await diff.restoreThis('refs/heads/feature');
    await shows(app.page.locator('section'), /api\/refs\/refs\/heads\/feature/);
    await wizard.next();
    await wizard.target(join(app.dir, 'not-used'));
    await wizard.restoreNow('api');
    await shows(wizard.verification(), /Restored and verified/);
    expect(sh(local.repo, 'rev-parse', 'refs/heads/feature')).toBe(commit);
    // Diff compares again once the restore ends: the branch is back, so no longer listed as deleted (issue 15 item 13).
    await shell.go('Diff');
    await app.page.waitForFunction(() => {
      const api = document.querySelector('[aria-label="Changes in api"]')?.textContent;
      return api !== undefined && !api.includes('refs/heads/feature');
    }, null, { timeout: 20_000 });
  });

  it('the audit log shows the unlocks and the restore, with an intact chain', async () => {
    await shell.go('Audit');
    const audit = new AuditPage(app.page);
    await shows(audit.chain(), /Hash chain intact/);
    await shows(audit.rows(), /restore.*ok.*deploy\.yaml/);
    await shows(audit.rows(), /unlock.*failed/);
    // The Dashboard was visited many times: its posture checks of the local vault are recorded when
    // their result changed, and a local folder is what the operator chose (ok), not a failed check.
    const cells = await audit.rows().evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
    const posture = cells.filter((c) => c[2] === 'posture' && c[4] === 'prod-local').map((c) => `${c[3]} ${c[5]}`);
    expect(posture.length).toBeGreaterThan(0);
    expect(posture.filter((p) => /failed/.test(p))).toEqual([]);
    expect(posture.filter((p, i) => p === posture[i + 1])).toEqual([]);
    await app.shot('audit');
  });

  it('every screen passes axe-core\'s serious and critical WCAG checks (names, labels, ARIA, contrast), light and dark', async () => {
    const found: Record<string, unknown> = {};
    for (const scheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme: scheme });
      for (const section of ['Dashboard', 'Incident', 'Timeline', 'Browse', 'Diff', 'Restore', 'Drills', 'Keys', 'Key ceremony', 'Audit', 'Settings', 'Vaults'] as const) {
        await shell.go(section);
        await app.page.waitForTimeout(300);
        const violations = await axeViolations(app.page);
        if (violations.length) found[`${section} (${scheme})`] = violations;
      }
    }
    await app.page.emulateMedia({ colorScheme: null });
    expect(found).toEqual({});
  });

  it('locks itself after the idle time and hides what needs the key', async () => {
    // Seconds, not the operators' whole minutes: the test console accepts them (BULKHEAD_CONSOLE_TEST_IDLE).
    await app.api('settings.set', { autoLockMinutes: 0.1 });
    await shell.go('Browse');
    await shows(shell.lockState(), /locks in 0:0\d/);
    await shell.locked().waitFor({ timeout: 20_000 });
    await new UnlockPage(app.page).heading().waitFor();
    expect(await app.page.getByRole('listbox', { name: 'Entries' }).count()).toBe(0);
    await app.shot('auto-locked');
    await app.api('settings.set', { autoLockMinutes: 10 }); // the rest of the run takes longer than seconds
  });

  it('after the lock, two holders unlock with their shares, one typed, one scanned from its QR code', async () => {
    const unlock = new UnlockPage(app.page);
    const share = (file: string) => readFileSync(join(local.ws.dir, 'shares', file), 'utf8');
    await unlock.addShare(share('share-3-of-3-carol.txt'));
    await shows(unlock.sharesReceived(), /1 of 2 received \(3 issued\): Carol/);
    await app.shot('quorum-unlock');
    // Alice scans the QR code of her printout instead of typing 39 words.
    const words = share('share-1-of-3-alice.txt');
    const qr = join(app.dir, 'alice-qr.png');
    await QRCode.toFile(qr, words.slice(words.indexOf('Words:') + 6).split(/[^a-z]+/).filter(Boolean).join(' '), { scale: 5 });
    await unlock.addShareImage(qr);
    await shows(shell.lockState(), /Unlocked/);
  });

  it('enrolls a writer (credential to a 0600 file, never shown) and revokes another, both audited', async () => {
    await shell.go('Keys');
    const keys = new KeysPage(app.page);
    await shows(keys.writers(), /ci/);
    const out = join(app.dir, 'writer-e2e.json');
    await keys.enroll('e2e-agent', out);
    await shows(keys.enrolled(), /“e2e-agent” enrolled/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const credential = JSON.parse(readFileSync(out, 'utf8')) as { format: string; writerSecret: string; dedupSecret: string };
    expect(credential.format).toBe('bulkhead-writer/1');
    const page = await app.page.content();
    expect(page.includes(credential.writerSecret) || page.includes(credential.dedupSecret)).toBe(false);
    await keys.revoke('ci');
    await shows(keys.writer('ci'), /revoked/);
    await app.shot('keys-writers');
    await shell.go('Audit');
    await shows(new AuditPage(app.page).rows(), /writer-enroll.*ok.*e2e-agent/);
    await shows(new AuditPage(app.page).rows(), /writer-revoke.*ok/);
    await shows(new AuditPage(app.page).rows(), /unlock.*ok.*quorum of 2 shares \(Carol, share 1\)/);
  });

  it('runs a full-blast drill through the guide: sandbox restore, verification, a signed report in the vault, the history', async () => {
    await shell.go('Drills');
    const drills = new DrillsPage(app.page);
    // Before the first drill the history says there is none yet (not an empty table).
    await shows(drills.noneYet(), /No drill has been run on this vault yet/);
    await drills.run('full-blast', join(app.dir, 'drill-sandbox'));
    await shows(drills.result(), /✔ Drill passed/);
    // api comes from its own latest good snapshot where the config tree's wipe made "latest" older for all.
    await shows(drills.result(), /api: (from its own latest good snapshot [0-9a-f]{16} \(newer than the drill's[^)]*\): )?git fsck --full/);
    await shows(drills.history(), /full-blast.*passed.*drills\//);
    await app.shot('drill');
    const key = /(drills\/\S+\.json)/.exec((await drills.result().textContent()) ?? '')![1]!;
    expect((await local.ws.hereOk(['drill', 'verify', key, '--store', local.ws.store])).stdout).toMatch(/genuine\. Drill "full-blast"/);
  });

  it('runs a key ceremony: a new identity split 2 of 3, each holder types back a word of their printout', async () => {
    await shell.go('Key ceremony');
    const ceremony = new CeremonyPage(app.page);
    const out = join(app.dir, 'ceremony-id.json');
    const outDir = join(app.dir, 'ceremony-shares');
    await ceremony.create({ out, outDir, passphrase: 'ceremony passphrase 42', holders: 'Dana, Eli, Fay', threshold: 2 });
    await ceremony.share(1, 'Dana').waitFor();
    await app.shot('ceremony');
    await ceremony.confirmFromPrintout(1, 'Dana', join(outDir, 'share-1-of-3-dana.txt'), true);
    await shows(app.page.getByRole('alert'), /is not word \d+ of Dana's share/);
    for (const [i, holder] of [[1, 'Dana'], [2, 'Eli'], [3, 'Fay']] as const) {
      await ceremony.confirmFromPrintout(i, holder, join(outDir, `share-${i}-of-3-${holder.toLowerCase()}.txt`));
    }
    await ceremony.complete().waitFor();
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // Two of the printed shares rebuild the identity the ceremony sealed.
    const cli = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: 'a new passphrase for it' });
    await cli.hereOk(['keys', 'combine', join(outDir, 'share-3-of-3-fay.txt'), join(outDir, 'share-1-of-3-dana.txt'), '--out', 'rebuilt.json']);
    const fp = async (file: string) => (await cli.hereJson<{ fingerprints: { recipient: string } }>(['keys', 'show', '--identity', file])).fingerprints.recipient;
    expect(await fp('rebuilt.json')).toBe(await fp(out));
  });
});
