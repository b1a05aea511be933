import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { DiffPage } from './pages/diff-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';

async function shows(locator: Locator, re: RegExp, timeout = 30_000): Promise<void> {
  await locator.filter({ hasText: re }).first().waitFor({ timeout });
}

/**
 * The console's cut of a file's diff, lowered from its 10,000 rows (src/ops/diff/file-diff.test.ts
 * holds that number): axe-core on a 10,000-row table took ~30 CPU s of Chromium, the rows being alike.
 */
const DIFF_ROWS = 1_000;

const lines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join('\n') + '\n';

/**
 * Round 6. What the console shows of a file is its writer's, and two views did work without bound
 * on it: highlight.js on 199,000 underscores in a .tf file (quadratic: minutes of the page's only
 * thread, the whole console frozen), and the side-by-side diff of two 30,000-line files that share
 * nothing (jsdiff, O(lines x changes): minutes of the core, which answered no other call), drawn as
 * one table row per line. Colouring now runs in a worker with a budget, the diff within an edit
 * budget, at most 10,000 rows sent (here fewer); each view says what it left out.
 */
describe('views of files a writer built to be expensive, in real Chromium', () => {
  const app = new ConsoleSession('bounded-views');
  const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE });
  const tree = join(ws.dir, 'app');
  let shell: Shell;

  beforeAll(async () => {
    const vault = async () => {
      await ws.setupQuick();
      mkdirSync(tree);
      writeFileSync(join(tree, 'slow.tf'), '_'.repeat(199_000));
      writeFileSync(join(tree, 'ok.yml'), 'name: ci\non: push\n');
      writeFileSync(join(tree, 'big.txt'), lines('a', 30_000));
      writeFileSync(join(tree, 'long.txt'), lines('same', 12_000));
      await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${tree}`]);
      writeFileSync(join(tree, 'big.txt'), lines('b', 30_000));
      writeFileSync(join(tree, 'long.txt'), `changed\n${lines('same', 12_000).slice('same0\n'.length)}`);
    };
    await Promise.all([vault(), app.start({ BULKHEAD_CONSOLE_TEST_DIFF_ROWS: String(DIFF_ROWS) })]);
    shell = new Shell(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('a preview whose colouring would take minutes is shown uncoloured at once, says so, and the page stays usable', async () => {
    await shell.go('Browse');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    const browse = new BrowsePage(app.page);
    await browse.open('app');
    await browse.open('slow.tf');
    await shows(browse.preview(), /_{1000}/); // the text, before any colour
    expect(await app.page.evaluate(() => document.title)).toBeTruthy(); // the page's thread answers while the worker colours
    await shows(browse.preview().getByRole('note'), /Colours left off: colouring this file took longer than 2 s/);
    // The next preview gets a fresh worker, and its colours.
    await browse.open('ok.yml');
    await browse.preview().locator('code .hljs-attr').first().waitFor({ timeout: 30_000 });
    expect(await browse.preview().getByRole('note').count()).toBe(0);
    await app.shot('bounded-preview');
  });

  it('a side-by-side diff too costly to align says so; one longer than the rows sent says how many lines it left out', async () => {
    await shell.go('Diff');
    const diff = new DiffPage(app.page);
    await diff.compareWithLive();
    await diff.showDiff('big.txt');
    const big = diff.sideBySide('app/big.txt');
    await shows(big, /The two versions differ in more than [\d,]+ lines, too many to align line by line/, 60_000);
    expect(await big.locator('tbody tr').count()).toBe(DIFF_ROWS);
    await big.getByRole('button', { name: 'Close' }).click();

    await diff.showDiff('long.txt');
    const long = diff.sideBySide('app/long.txt');
    await shows(long, /11,000 more lines are not shown: restore the file to compare all of it/, 60_000);
    expect(await long.innerText()).not.toMatch(/too many to align/);
    expect(await long.locator('tbody tr.changed').count()).toBe(1);
    await app.shot('bounded-diff');
  });
});
