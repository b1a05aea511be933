import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { fastImport, initBare } from '../helpers/git-fast.js';

/**
 * Git never checks out a path inside a `.git` folder (verify_path; fsck refuses such trees): a
 * repository's config and hooks run programs (`core.fsmonitor`, a hook) whenever git runs there,
 * and a shell prompt runs git on entering the folder. A hijacked agent records a commit whose
 * `tools/.git/config` names its command (fast-import takes the path); restoring `tools` at that ref
 * wrote it out as a nested repository, armed. Found in red team round 4.
 */
describe('a ref whose tree holds a .git folder', () => {
  it('is not extracted: the restore names the path and writes nothing', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    fastImport(live, [
      { ref: 'refs/heads/main', files: { 'README.md': '# app\n', 'tools/build.sh': 'make\n' } },
      { ref: 'refs/heads/evil', from: 'refs/heads/main', files: { 'tools/.git/config': '[core]\n\tfsmonitor = "touch /tmp/pwned-by-bulkhead-restore"\n', 'tools/.GIT/HEAD': 'ref: refs/heads/main\n' } },
    ]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);

    const target = join(ws.dir, 'out');
    const r = await ws.here(ws.operator('restore', 'latest:app', '--at', 'refs/heads/evil', '--path', 'tools', '--target', target));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/"tools\/\.git\/config" is inside a \.git folder, which git never checks out/);
    expect(r.stderr).toMatch(/"tools\/\.GIT\/HEAD" is inside a \.git folder/);
    expect(existsSync(target)).toBe(false);

    // The same folder at main holds none: it restores.
    await ws.hereOk(ws.operator('restore', 'latest:app', '--at', 'refs/heads/main', '--path', 'tools', '--target', join(ws.dir, 'ok')));
    expect(existsSync(join(ws.dir, 'ok', 'tools', 'build.sh'))).toBe(true);
  });
});
