import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleSession } from './console-session.js';
import { Shell } from './pages/shell.js';
import { VaultsPage } from './pages/vaults-page.js';
import { UnlockPage } from './pages/unlock-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { BrowsePage } from './pages/browse-page.js';
import { CliWorkspace } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/console-vault.js';
import { makeRepo, sh } from '../helpers/git.js';

// Stored "refs/heads/x<U+202E>niam-esaeler", shown by a browser as "refs/heads/xrelease-main"; and "ma<ZWSP>in".
const REVERSED = 'x\u202Eniam-esaeler';
const INVISIBLE = 'ma\u200Bin';
// Round 6: "refs/heads/mаin" with a Cyrillic а (U+0430), read as "refs/heads/main" beside it.
const LOOKALIKE = 'm\u0430in';
// A name long enough to push the plan's other columns (and what follows it) out of view, unwrapped.
const LONG = `release-${'x'.repeat(200)}`;

/**
 * Round 5. The console's plan is what the operator consents to, and the names in it are the
 * snapshot writer's: git takes U+202E and zero-width characters in a ref name, and a browser drew
 * them as a ref the writer chose the look of (row 58 escaped them for the terminal only). The
 * Incident's groups, the plan table and the pipeline consent list show them escaped, as the CLI does,
 * and a long name wraps in its cell instead of pushing the rest of the plan out of view.
 */
describe('names a writer chose, in real Chromium', () => {
  const app = new ConsoleSession('hidden-names');
  const ws = new CliWorkspace(undefined, { BULKHEAD_PASSPHRASE: PASSPHRASE });
  let incident: IncidentPage;

  beforeAll(async () => {
    const setup = async () => {
      await ws.setupQuick();
      const repo = join(ws.dir, 'api');
      mkdirSync(repo);
      makeRepo(repo, 3);
      sh(repo, 'branch', REVERSED);
      sh(repo, 'branch', INVISIBLE);
      sh(repo, 'branch', LONG);
      sh(repo, 'branch', LOOKALIKE);
      await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `api=git:${repo}`]);
      sh(repo, 'branch', '-D', REVERSED, INVISIBLE, LONG, LOOKALIKE);
    };
    await Promise.all([setup(), app.start({})]);
    incident = new IncidentPage(app.page);
    await new VaultsPage(app.page).connectFolder('prod-local', ws.store.slice('file://'.length), join(ws.dir, 'id.json'));
  }, 120_000);
  afterAll(() => app.stop());
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await app.shot(`FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  it('the Incident and the plan table show a reversed or invisible ref name escaped, never drawn as another name, and a long one wrapped in view', async () => {
    await new Shell(app.page).go('Incident');
    await new UnlockPage(app.page).unlock(PASSPHRASE);
    const deleted = incident.group('Refs deleted');
    await deleted.filter({ hasText: /\\u202e/ }).first().waitFor({ timeout: 30_000 });
    const groupText = await deleted.innerText();
    expect(groupText).toContain('refs/heads/x\\u202eniam-esaeler');
    expect(groupText).toContain('refs/heads/ma\\u200bin');

    await incident.restoreAll();
    const plan = await incident.plan().innerText();
    expect(plan).toContain('refs/heads/x\\u202eniam-esaeler');
    expect(plan).toContain('refs/heads/ma\\u200bin');
    expect(plan).toContain('refs/heads/m\\u0430in'); // its Cyrillic letter shown as what it is
    expect(plan).not.toContain(`refs/heads/${LOOKALIKE}`);
    // The long name wraps in its cell: the table fits the window, its last column in view.
    const table = (await incident.plan().boundingBox())!;
    expect(table.x + table.width).toBeLessThanOrEqual(app.page.viewportSize()!.width);
    const raw = await app.page.locator('body').innerText();
    expect(raw).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    await app.shot('hidden-names-plan');
  });

  it('Browse shows the same refs escaped, in the list and the path bar', async () => {
    await new Shell(app.page).go('Browse');
    const browse = new BrowsePage(app.page);
    await browse.open('api');
    await browse.open('refs');
    await browse.entry('refs/heads/x\\u202eniam-esaeler').waitFor({ timeout: 30_000 });
    await browse.open('refs/heads/x\\u202eniam-esaeler');
    await app.page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'x\\u202eniam-esaeler' }).waitFor();
    const raw = await app.page.locator('body').innerText();
    expect(raw.split('\n').filter((l) => /[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(l))).toEqual([]);
  });
});
