import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { restoreSelection, type ItemVerification } from '../../src/ops/restore/selection-restore.js';
import { RogueWriter } from '../helpers/rogue-tree.js';

/**
 * Red team 4: two Incident sections planned before either runs. Section B's live folder, a path
 * under the folder the operator listed, passed the check as the literal path it was (not there yet);
 * restoring section A then made a folder on its way a symlink to the operator's home, and B followed
 * it: `~/.ssh/authorized_keys2` written, the job "ok, re-read and re-hashed". A path is now judged
 * where it leads (its deepest existing folder resolved), and each in-place run checks it still leads
 * where it did when planned.
 */
describe('a back-in-place plan made before another restore changed its path', () => {
  it('is refused when a folder on the way has become a symlink since, and writes nothing outside the listed folder', async () => {
    const v = await makeVault();
    const live = tempDir(); // the folder the operator listed ("Folders restored in place")
    const home = tempDir('bulkhead-home-'); // outside it
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(live, 'app.ini'), 'x\n');
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${live}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const rogue = await RogueWriter.open(v.store, v.writer);
    const withLink = await rogue.snapshot([{ name: 'app', locator: live, root: await rogue.tree([await rogue.file('app.ini', 'x\n'), rogue.link('cache', home)]) }]);
    const second = await RogueWriter.open(v.store, v.writer); // a writer's snapshot each, as two runs make
    const keys = await second.snapshot([{ name: 'app-keys', locator: join(live, 'cache/.ssh'), root: await second.tree([await second.file('authorized_keys2', 'ssh-ed25519 AAAA mallory\n')]) }]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const planKeys = await planSelection(reader, keys, ['app-keys'], '.', 'replace', [live]);
    const planLink = await planSelection(reader, withLink, ['app'], '.', 'replace', [live]);
    expect(planKeys.blocked).toEqual([]); // LIVE/cache/.ssh is inside the listed folder while cache is no link
    const run = async (plan: typeof planKeys) => {
      const checks: ItemVerification[] = [];
      const error = await restoreSelection(reader, plan, { verified: (c) => checks.push(c) }).then(() => null, (e: Error) => e.message);
      return { error, checks };
    };
    await run(planLink);
    expect(lstatSync(join(live, 'cache')).isSymbolicLink()).toBe(true);
    const keysRun = await run(planKeys);
    expect(existsSync(join(home, '.ssh/authorized_keys2'))).toBe(false);
    expect(JSON.stringify(keysRun)).toMatch(/now leads to .*, not to .* as when the plan was made \(a folder on the way became a symlink\): nothing was written/);
    // A plan made now sees where the path leads: outside the listed folder.
    const again = await planSelection(reader, keys, ['app-keys'], '.', 'replace', [live]);
    expect(again.blocked.join('\n')).toMatch(/is not among the folders you restore into in place/);
  }, 120_000);
});
