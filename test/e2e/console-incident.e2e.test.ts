import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { consoleVault, PASSPHRASE } from '../helpers/console-vault.js';
import { sh } from '../helpers/git.js';
import { axeViolations } from './accessibility.js';

async function shows(locator: Locator, re: RegExp, timeout = 30_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

const SABOTAGED = 'resource "aws_s3_bucket" "b" { force_destroy = true }\n';

/** Issue 15's incident mode (and item 7: a rewritten branch comes back as a new branch for review). */
describe('incident mode: one screen from "an agent struck" to a verified restore, in real Chromium', () => {
  const app = new ConsoleSession('incident');
  let local: Awaited<ReturnType<typeof consoleVault>>;
  let shell: Shell;
  let incident: IncidentPage;
  const was: Record<string, string> = {};

  beforeAll(async () => {
    // The vault's CLI runs through main() in this process (what they record is the subject, not the
    // process), while the console and Chromium start.
    await Promise.all([consoleVault(undefined, {}, 'here').then((v) => (local = v)), app.start({})]);
    await app.api('settings.set', { inPlaceRoots: [local.tree] }); // the live config folder goes back in place
    shell = new Shell(app.page);
    incident = new IncidentPage(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', local.ws.store.slice('file://'.length), join(local.ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    // A database dump, backed up in a run of its own (the database host's): nothing live to compare it with.
    const dump = await local.ws.hereOk(['backup', '--store', local.ws.store, '--writer', 'writer.json', '--source', "db=stream:printf 'CREATE TABLE t (id int);\\n'"]);
    was.dump = /Snapshot ([0-9a-f]+)/.exec(dump.stdout)![1]!;
    // The agent strikes: a tag deleted, a branch force-pushed, a pipeline removed, a file deleted, one rewritten.
    const repo = local.repo;
    was.feature = sh(repo, 'rev-parse', 'refs/heads/feature');
    was.v1 = sh(repo, 'rev-parse', 'refs/tags/v1');
    sh(repo, 'tag', '-d', 'v1');
    const rewritten = sh(repo, 'commit-tree', 'main~2^{tree}', '-m', 'rewritten by the agent');
    sh(repo, 'update-ref', 'refs/heads/feature', rewritten);
    was.rewritten = rewritten;
    sh(repo, 'rm', '-q', '.github/workflows/ci.yml');
    sh(repo, 'commit', '-q', '-m', 'remove CI');
    rmSync(join(local.tree, 'k8s/deploy.yaml'));
    writeFileSync(join(local.tree, 'terraform/main.tf'), SABOTAGED);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('shows posture, the latest good snapshot and what changed since, grouped across every source', async () => {
    await shell.go('Incident');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(incident.latestGood(), /Latest good snapshot/);
    await shows(incident.group('Refs deleted'), /api: refs\/tags\/v1/);
    await shows(incident.group('Refs rewritten'), /api: refs\/heads\/feature/);
    await shows(incident.group('Pipelines removed'), /api: \.github\/workflows\/ci\.yml/);
    await shows(incident.group('Files removed'), /infra\/k8s\/deploy\.yaml/);
    await shows(incident.group('Files changed'), /infra\/terraform\/main\.tf/);
    // Three latest good snapshots: the dump's own run; the second backup is anomalous for infra only,
    // so it is api's latest good one and infra's is the first. Each group is compared from its own.
    await shows(app.page.getByLabel('Runs compared'), /3 different latest good snapshots/);
    await shows(incident.lineage('db').group('Not compared'), /db \(stream\)/);
    await shows(incident.lineage('api').group('Refs deleted'), /api: refs\/tags\/v1/);
    await shows(incident.lineage('infra').group('Files removed'), /infra\/k8s\/deploy\.yaml/);
    await incident.posture().waitFor();
    expect(await axeViolations(app.page)).toEqual([]);
    for (const [w, h] of [[1440, 900], [1024, 700]] as const) {
      await app.page.setViewportSize({ width: w, height: h });
      await app.shot(`incident-${w}x${h}`);
    }
    await app.page.setViewportSize({ width: 1360, height: 860 });
  });

  it('"Restore all of this" per group: refs pushed back, the rewritten branch and the pipeline on review branches, files back in place', async () => {
    const api = incident.lineage('api');
    await api.restoreAll();
    await shows(api.plan(), /refs\/tags\/v1/);
    await shows(api.item('api/refs/refs/heads/feature'), /was rewritten .*new branch bulkhead\/restore-feature-\w{8} for review; refs\/heads\/feature is left as it is/);
    const infra = incident.lineage('infra');
    await infra.restoreAll();
    await shows(infra.root.getByLabel('Replaced files'), /terraform\/main\.tf/);
    expect(await axeViolations(app.page)).toEqual([]);
    await app.page.setViewportSize({ width: 1440, height: 900 });
    await app.shot('incident-plan-1440x900');
    await app.page.setViewportSize({ width: 1360, height: 860 });
    await api.confirmAndRun('api');
    await shows(api.report(), /✔ restored and verified/, 60_000);
    await infra.confirmAndRun('infra');
    await shows(infra.report(), /✔ restored and verified/, 60_000);
    expect(await api.reportText()).toMatch(/Plan [0-9a-f-]{36}: 3 items/);
    expect(await infra.reportText()).toMatch(/Plan [0-9a-f-]{36}: 1 item/);
    expect(`${await api.reportText()}${await infra.reportText()}`).not.toMatch(/✖/);
    await app.shot('incident-report');
    expect(await axeViolations(app.page)).toEqual([]);
    await api.root.getByRole('button', { name: 'Compare again' }).click();
    await infra.root.getByRole('button', { name: 'Compare again' }).click();
    // What is left is what waits for review (the rewritten branch, the pipeline on its review branch); the rest is back.
    await shows(api.root.getByRole('heading', { level: 2 }), /What changed since then: 2 changes$/);
    await shows(infra.root.getByRole('heading', { level: 2 }), /What changed since then: nothing$/);
    expect(await incident.group('Refs deleted').count()).toBe(0);
    expect(await incident.group('Files removed').count()).toBe(0);
    expect(await incident.group('Files changed').count()).toBe(0);
    await shows(api.report(), /✔ restored and verified/);

    // The live repository: the tag is back, the rewritten branch is untouched, the review branches hold the snapshot's commits.
    const repo = local.repo;
    expect(sh(repo, 'rev-parse', 'refs/tags/v1')).toBe(was.v1);
    expect(sh(repo, 'rev-parse', 'refs/heads/feature')).toBe(was.rewritten);
    const branches = sh(repo, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/bulkhead/').split('\n');
    expect(branches.find((b) => /bulkhead\/restore-feature-\w{8} /.test(b))?.split(' ')[1]).toBe(was.feature);
    const ci = branches.find((b) => /bulkhead\/restore-ci-\w{8} /.test(b))!.split(' ')[1]!;
    expect(sh(repo, 'show', `${ci}:.github/workflows/ci.yml`)).toMatch(/name: CI/);
    // The files: back where they were, the agent's version of main.tf set aside.
    expect(readFileSync(join(local.tree, 'k8s/deploy.yaml'), 'utf8')).toMatch(/replicas: 3/);
    expect(readFileSync(join(local.tree, 'terraform/main.tf'), 'utf8')).toBe('resource "aws_s3_bucket" "b" {}\n');
    const aside = readdirSync(local.tree).filter((n) => n.startsWith('.bulkhead-replaced-'));
    expect(readFileSync(join(local.tree, aside[0]!, 'terraform/main.tf'), 'utf8')).toBe(SABOTAGED);
  });

  it('a dump with no live side, backed up in its own run, opens Restore with it chosen from its snapshot', async () => {
    await shell.go('Incident');
    await incident.lineage('db').root.getByRole('button', { name: 'Restore db…' }).click();
    await app.page.getByRole('heading', { name: 'Restore', level: 1 }).waitFor();
    await app.page.getByRole('button', { name: 'Remove db' }).waitFor();
    expect(decodeURIComponent(app.page.url())).toContain(`snapshot=${was.dump}`);
    // Diff of the dump's snapshot against live names the sources it does not hold, each one click from its own comparison.
    await shell.go('Diff');
    await app.page.getByRole('button', { name: 'Compare', exact: true }).click();
    await shows(app.page.getByLabel('Sources not in this snapshot'), /Compare api with live/);
    await app.page.getByRole('button', { name: 'Compare api with live' }).click();
    await app.page.getByText(/Only api is shown/).waitFor();
    await shows(app.page.getByRole('status').filter({ hasText: /removed/ }), /[1-9]\d* changed/);
    // Browse of the dump's snapshot names the repository too, and opens it in its own latest good snapshot.
    await shell.go('Browse');
    await app.page.getByLabel('Snapshot', { exact: true }).selectOption(was.dump!);
    await app.page.getByRole('button', { name: 'Browse api' }).click();
    await shows(app.page.getByRole('navigation', { name: 'Path' }), /snapshot\s*\/\s*api/);
    await shows(app.page.getByRole('listbox', { name: 'Entries' }), /refs/);
    expect(await app.page.getByLabel('Snapshot', { exact: true }).inputValue()).not.toBe(was.dump);
  });
});
