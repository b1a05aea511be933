import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { fastImport, initBare } from '../helpers/git-fast.js';
import { withUnlockedConsole } from '../helpers/console-client.js';

/**
 * Round 6. Browse shows a ref as its commit (and the tags leading to it), messages whole: anyone who
 * can push to a backed-up repository can write a commit message of hundreds of MiB (a mirror object
 * may be 512 MiB), which the console's core held as a string and sent to the page to draw in one
 * block, and a chain of 100 such tags was kept whole. A ref is now previewed as a file is: its first
 * 256 KiB, saying the rest was left out.
 */
describe("a ref's commit message built to be huge", () => {
  it('is previewed up to what a file preview shows, marked truncated', { timeout: 120_000 }, async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    fastImport(live, [{ ref: 'refs/heads/main', files: { 'README.md': '# app\n' }, message: `huge\n\n${'m'.repeat(4 * 1024 * 1024)}` }]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    await withUnlockedConsole(ws, async ({ ok, vaultId }) => {
      const preview = await ok('browse.preview', { vaultId, snapshot: 'latest', path: 'app/refs/refs/heads/main' });
      expect(preview.text).toMatch(/^refs\/heads\/main → [0-9a-f]{40}\n\ncommit [0-9a-f]{40}\nAuthor: T <t@example\.com>[^]*\n\nhuge\n\nmmmm/);
      expect(preview.text!.length).toBeLessThanOrEqual(256 * 1024);
      expect(preview.truncated).toBe(true);
    });
  });
});
