import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';

describe('--pipeline builds its commit with plumbing', () => {
  it('restores a deleted workflow onto a review branch with no clone and no checkout, the LFS store down', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const live = join(ws.dir, 'live.git');
    initBare(live);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${'a'.repeat(64)}\nsize 123456\n`;
    fastImport(live, [{
      ref: 'refs/heads/main',
      files: {
        '.github/workflows/ci.yml': 'name: CI\non: [push]\njobs: { b: { runs-on: x, steps: [{ run: make }] } }\n',
        '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n',
        '.lfsconfig': '[lfs]\n\turl = http://127.0.0.1:1/lfs\n', // the LFS store is down
        'model.bin': pointer,
        'deploy.sh': '#!/bin/sh\n',
      },
    }]);
    // The LFS store is down at backup too: the source is recorded failed, its git data kept.
    expect(ws.run(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]).code).toBe(3); // a source failed
    fastImport(live, [{ ref: 'refs/heads/main', from: 'refs/heads/main^0', files: { '.github/workflows/ci.yml': null }, message: 'a hijacked agent deletes the workflow' }]);

    // Every git process the restore starts goes through this wrapper, which logs its arguments.
    const bin = join(ws.dir, 'bin');
    mkdirSync(bin);
    const log = join(ws.dir, 'git.log');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> ${log}\nexec ${real} "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    ws.env = { ...ws.env, PATH: `${bin}:${process.env.PATH}` };
    ws.ok(ws.operator('restore', 'latest:app', '--pipeline', '.github/workflows/ci.yml', '--target', live, '--as-branch', 'restore-ci'));

    const ran = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(ran.some((l) => /\bcommit-tree\b/.test(l))).toBe(true);
    expect(ran.some((l) => /\bfetch\b.*--depth=1/.test(l))).toBe(true);
    const verbs = ran.map((l) => l.replace(/^--git-dir \S+ /, '').split(' ')[0]);
    expect(verbs.filter((v) => ['clone', 'checkout', 'switch', 'worktree', 'add', 'commit', 'lfs', 'reset'].includes(v!))).toEqual([]);
    expect(sh(live, 'diff', '--name-status', 'main', 'restore-ci')).toBe('A\t.github/workflows/ci.yml');
    expect(sh(live, 'rev-parse', 'restore-ci^')).toBe(sh(live, 'rev-parse', 'main'));
    expect(sh(live, 'cat-file', 'blob', 'restore-ci:model.bin')).toBe(pointer.trimEnd()); // the pointer, untouched
  });
});
