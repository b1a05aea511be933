import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { RestorePage } from './pages/restore-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { axeViolations } from './accessibility.js';

async function shows(locator: Locator, re: RegExp, timeout = 20_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

const ONLY_ON_DOCS = 'written on the docs branch only\n';
const SECOND = 'a second note on docs\n';

/** Issue 15 item 12: a ref's row opens the repository's files at that commit, from the snapshot's mirror. */
describe('Browse: the files of a repository at a ref, in real Chromium', () => {
  const app = new ConsoleSession('ref-files');
  const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE });
  const live = () => join(ws.dir, 'api-service'); // the working copy the repository was backed up from

  /** Browse REPO at refs/heads/docs (in FOLDER), tick NAME and plan it back into the working copy. */
  async function planBack(folder: string[], name: string, placement: RegExp): Promise<RestorePage> {
    await new Shell(app.page).go('Browse');
    const browse = new BrowsePage(app.page);
    await app.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'snapshot' }).click();
    await browse.entry('api').waitFor();
    for (const f of ['api', 'refs', 'refs/heads/docs', ...folder]) {
      await browse.entry(f).waitFor();
      await browse.open(f);
    }
    await browse.select(name);
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await wizard.next();
    await app.page.getByRole('radio', { name: placement }).check();
    await app.page.getByRole('button', { name: 'Show the plan' }).click();
    await wizard.plan().waitFor();
    return wizard;
  }

  beforeAll(async () => {
    // keys init, vault init and enroll done in-process (setupQuick): their CLI runs are tested elsewhere, and the
    // identity is sealed at the test-only KDF cost, so every unlock of the console is cheap.
    await ws.setupQuick();
    const repo = join(ws.dir, 'api-service');
    makeRepo(repo, 3);
    sh(repo, 'checkout', '-q', '-b', 'docs'); // a branch whose tree differs from the default branch's
    mkdirSync(join(repo, 'notes'));
    writeFileSync(join(repo, 'notes/only-here.txt'), ONLY_ON_DOCS);
    writeFileSync(join(repo, 'notes/second.txt'), SECOND);
    sh(repo, 'add', 'notes');
    sh(repo, 'commit', '-qm', 'notes, on docs only');
    sh(repo, 'checkout', '-q', 'main');
    // The console and Chromium start during the backup.
    await Promise.all([ws.okAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${repo}`]), app.start({})]);
    // The working copy is a folder the operator restores into in place (Settings; console-in-place walks the screen).
    await app.api('settings.set', { inPlaceRoots: [repo] });
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
    await shows(new DashboardPage(app.page).posture(), /LOCAL/);
    await new Shell(app.page).go('Browse');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    await shows(new Shell(app.page).lockState(), /Unlocked/);
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('opens a branch as its files, previews a file only that branch holds, and restores it byte for byte', async () => {
    const browse = new BrowsePage(app.page);
    await browse.entry('api').waitFor();
    await browse.open('api');
    await browse.open('refs');
    await browse.open('refs/heads/docs'); // the ref's commit's files, with the commit in the preview
    await shows(browse.preview(), /refs\/heads\/docs → [0-9a-f]{40}[^]*notes, on docs only/);
    await browse.entry('notes').waitFor();
    await browse.entry('app.txt').waitFor(); // the rest of the tree is there too
    await browse.open('notes');
    await browse.entry('only-here.txt').waitFor();
    expect(new URL(app.page.url()).hash).toMatch(/&path=api%2Frefs%2Frefs%2Fheads%2Fdocs%2Fnotes$/);
    await app.page.reload(); // the place is an address like any other folder's
    await shows(browse.entry('only-here.txt'), new RegExp(`${ONLY_ON_DOCS.length} B`));
    await browse.open('only-here.txt');
    await shows(browse.preview(), /written on the docs branch only/);
    await app.shot('ref-files-preview');
    expect(await axeViolations(app.page)).toEqual([]);
    await app.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'heads' }).click(); // each part of the path bar leads somewhere
    await browse.entry('refs/heads/docs').waitFor();
    await browse.open('refs/heads/docs');
    await browse.open('notes');

    await browse.select('only-here.txt');
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await wizard.next();
    const target = join(app.dir, 'from-docs');
    await wizard.target(target);
    await shows(wizard.plan(), /api\/notes\/only-here\.txt at refs\/heads\/docs/);
    await wizard.restoreNow('from-docs');
    await shows(wizard.verification(), /Restored and verified/);
    expect(readFileSync(join(target, 'api/notes/only-here.txt'), 'utf8')).toBe(ONLY_ON_DOCS);
  }, 45_000);

  it('puts a file seen at a ref back where it is in the working copy, the current copy moved aside (replace)', async () => {
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    writeFileSync(join(live(), 'app.txt'), 'an agent rewrote this\n');
    const wizard = await planBack([], 'app.txt', /Back where it was, replacing/);
    await shows(wizard.plan(), /app\.txt: replaced by its copy at refs\/heads\/docs; the current one is moved to \.bulkhead-replaced-\d{8}T\d{6}Z-[0-9a-f]{16}\/app\.txt/);
    await shows(wizard.plan(), /branches, index and history are not touched/);
    await shows(app.page.getByLabel('Replaced files'), /app\.txt/);
    await app.shot('ref-in-place-replace-plan');
    await wizard.restoreNow('api-service'); // the working copy's name
    await shows(wizard.verification(), /✔ Restored and verified/);
    await shows(wizard.verification(), /1 file of api at refs\/heads\/docs put back in .*api-service; 1 replaced, the current copies moved to .*\.bulkhead-replaced-.*hashed to its blob id/);
    expect(readFileSync(join(live(), 'app.txt'), 'utf8')).toBe('app\n');
    const aside = readdirSync(live()).filter((n) => n.startsWith('.bulkhead-replaced-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(live(), aside[0]!, 'app.txt'), 'utf8')).toBe('an agent rewrote this\n');
    expect(readdirSync(live()).filter((n) => n.startsWith('.bulkhead-restore-'))).toEqual([]); // staging removed
    // git sees the file as committed again; only the set-aside copy is new.
    expect(sh(live(), 'status', '--porcelain')).toBe(`?? ${aside[0]}/`);
    await app.shot('ref-in-place-replace-done');
    rmSync(join(live(), aside[0]!), { recursive: true });
  }, 45_000);

  it('puts a folder at a ref back: a missing file created, a changed one kept with the ref\'s copy beside it (keep both)', async () => {
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    mkdirSync(join(live(), 'notes'));
    writeFileSync(join(live(), 'notes/only-here.txt'), 'the operator\'s own notes\n');
    const wizard = await planBack([], 'notes', /Back where it was, keeping both/);
    await shows(wizard.plan(), /notes\/second\.txt: not there now; created from refs\/heads\/docs/);
    await shows(wizard.plan(), /notes\/only-here\.txt: kept; its copy at refs\/heads\/docs is written beside it as notes\/only-here\.txt\.restored-[0-9a-f]{8}/);
    expect(await app.page.getByLabel('Replaced files').count()).toBe(0);
    await app.page.getByLabel('Confirm by typing api-service').fill('api-service');
    await app.page.keyboard.press('Enter');
    await shows(wizard.verification(), /✔ Restored and verified/);
    expect(readFileSync(join(live(), 'notes/second.txt'), 'utf8')).toBe(SECOND);
    expect(readFileSync(join(live(), 'notes/only-here.txt'), 'utf8')).toBe('the operator\'s own notes\n');
    const beside = readdirSync(join(live(), 'notes')).filter((n) => n.startsWith('only-here.txt.restored-'));
    expect(beside).toHaveLength(1);
    expect(readFileSync(join(live(), 'notes', beside[0]!), 'utf8')).toBe(ONLY_ON_DOCS);
    await app.shot('ref-in-place-keep-both-done');
  }, 45_000);

  it('a rewritten branch comes back as a new branch for review, in one plan line, the live branch left as it is (item 7)', async () => {
    await app.page.getByRole('button', { name: 'Restore something else' }).click();
    const before = sh(live(), 'rev-parse', 'refs/heads/docs');
    const rewritten = sh(live(), 'commit-tree', 'main^{tree}', '-m', 'docs rewritten by the agent');
    sh(live(), 'update-ref', 'refs/heads/docs', rewritten);
    await new Shell(app.page).go('Browse');
    const browse = new BrowsePage(app.page);
    await app.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'snapshot' }).click();
    for (const f of ['api', 'refs']) {
      await browse.entry(f).waitFor();
      await browse.open(f);
    }
    await browse.select('refs/heads/docs');
    await browse.restoreSelected();
    const wizard = new RestorePage(app.page);
    await wizard.next();
    await app.page.getByRole('radio', { name: /Into a folder/ }).check(); // the last restore's choice was back in place
    await wizard.target(join(app.dir, 'not-used'));
    const line = /^refs\/heads\/docs was rewritten \(live [0-9a-f]{12}, snapshot [0-9a-f]{12}\): the snapshot's commit goes to a new branch bulkhead\/restore-docs-[0-9a-f]{8} for review; refs\/heads\/docs is left as it is$/;
    await wizard.plan().locator('summary', { hasText: 'writes' }).click();
    await shows(wizard.plan().getByRole('listitem'), line);
    expect(await wizard.plan().getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(line)]); // one line: no "missing" and "already exists" beside it
    expect(await app.page.getByRole('alert').count()).toBe(0); // nothing blocks it
    await app.shot('ref-rewritten-review-plan');
    await wizard.restoreNow('api');
    await shows(wizard.verification(), /✔ Restored and verified/);
    await shows(wizard.verification(), /a new branch for review \(refs\/heads\/docs left as it is\)/);
    expect(sh(live(), 'rev-parse', 'refs/heads/docs')).toBe(rewritten);
    const review = sh(live(), 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/bulkhead/');
    expect(review).toMatch(new RegExp(`^refs/heads/bulkhead/restore-docs-[0-9a-f]{8} ${before}$`));
  }, 45_000);
});
