import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { RogueWriter } from '../helpers/rogue-tree.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseWriterCredential } from '../../src/keys/writer-credential.js';

// "refs/heads/mаin" and "prоd-db" with a Cyrillic а (U+0430) and о (U+043E): each reads as the real one.
const FAKE_MAIN = 'm\u0430in';
const FAKE_PROD = 'pr\u043ed-db';

/**
 * Round 6. A hijacked writer names a branch `mаin` (a Cyrillic а) beside `main`, or a source
 * `prоd-db` (a Cyrillic о) beside the real `prod-db`: in the CLI's restore plan and the console's,
 * the two read the same, and the operator consents to the one the writer chose. A word mixing
 * scripts is shown with its odd letters escaped (`m\u0430in`, Unicode TR39's mixed-script rule, one
 * module for the CLI and the console: test/shape/shown-text.test.ts), and such a name is never the
 * word typed to confirm (src/ops/restore/confirm-word.test.ts).
 */
describe('names that look like other names', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const live = join(ws.dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { 'README.md': '# app\n' } },
    { ref: `refs/heads/${FAKE_MAIN}`, from: 'refs/heads/main', files: { 'evil.txt': 'x\n' } },
  ]);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
  sh(live, 'update-ref', '-d', `refs/heads/${FAKE_MAIN}`);

  it("the CLI's restore plan shows the odd letter of a ref escaped beside the real name, and --json keeps the exact name", async () => {
    const dry = await ws.here(ws.operator('restore', 'latest:app', '--target', join(ws.dir, 'copy.git'), '--dry-run'));
    expect(dry.stdout).toContain('refs/heads/m\\u0430in');
    expect(dry.stdout).toMatch(/refs\/heads\/main\b/);
    expect(dry.stdout).not.toContain(FAKE_MAIN);
    const ls = await ws.hereOk(ws.operator('ls', 'latest:app', '--json'));
    expect(Object.keys(JSON.parse(ls.stdout).git.refs)).toContain(`refs/heads/${FAKE_MAIN}`);
  });

  it('a source its writer named like another is listed and planned escaped (the agent\'s own CLI refuses such a name; a forged snapshot does not)', async () => {
    const credential = parseWriterCredential(JSON.parse(readFileSync(join(ws.dir, 'writer.json'), 'utf8')), 'writer.json');
    const rogue = await RogueWriter.open(await FileStore.open(ws.store.slice('file://'.length)), credential);
    const root = await rogue.tree([await rogue.file('dump.sql', 'select 1;\n')]);
    const forged = await rogue.snapshot([
      { name: 'prod-db', root, stats: { files: 1, dirs: 1, bytes: 10 } },
      { name: FAKE_PROD, root, stats: { files: 1, dirs: 1, bytes: 10 } },
    ]);
    const snaps = await ws.hereOk(ws.operator('snapshots'));
    expect(snaps.stdout).toContain('pr\\u043ed-db');
    expect(snaps.stdout).not.toContain(FAKE_PROD);
    const dry = await ws.hereOk(ws.operator('restore', `${forged.slice(0, 16)}:${FAKE_PROD}`, '--target', join(ws.dir, 'out'), '--dry-run'));
    expect(dry.stdout + dry.stderr).toContain('pr\\u043ed-db');
    expect(dry.stdout + dry.stderr).not.toContain(FAKE_PROD);
  });

  it('a name in one script is shown as it is', async () => {
    const russian = join(ws.dir, 'ru.git');
    initBare(russian);
    fastImport(russian, [{ ref: 'refs/heads/релиз', files: { 'a.txt': 'a\n' } }]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `ru=git:${russian}`]);
    expect((await ws.hereOk(ws.operator('ls', 'latest:ru/refs'))).stdout).toContain('refs/heads/релиз');
  });
});
