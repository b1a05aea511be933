import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { sh } from '../helpers/git.js';

describe('a git path restore writes the snapshot blobs byte for byte', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const work = join(ws.dir, 'work');
  mkdirSync(join(work, '.github/workflows'), { recursive: true });
  sh(work, 'init', '-q', '-b', 'main');
  // What git archive would leave out or rewrite: export-ignore, export-subst, eol conversion.
  writeFileSync(join(work, '.gitattributes'), '.github/** export-ignore\nversion.txt export-subst\n*.txt eol=crlf\n*.sh text eol=crlf\n');
  writeFileSync(join(work, '.github/workflows/ci.yml'), 'name: CI\non: [push]\njobs: { b: { runs-on: x, steps: [{ run: make }] } }\n');
  writeFileSync(join(work, 'version.txt'), 'commit $Format:%H$\nline two\n');
  writeFileSync(join(work, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  symlinkSync('run.sh', join(work, 'link'));
  sh(work, 'add', '-A');
  sh(work, 'commit', '-q', '-m', 'one');
  sh(work, 'update-index', '--add', '--cacheinfo', `160000,${sh(work, 'rev-parse', 'HEAD')},vendor/lib`);
  sh(work, 'commit', '-q', '-m', 'a gitlink');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);
  const blob = (path: string) => Buffer.from(sh(work, 'cat-file', 'blob', `HEAD:${path}`) + '\n');

  it('restores an export-ignore path (git archive wrote nothing) with the exact bytes', async () => {
    const out = join(ws.dir, 'wf');
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--at', 'refs/heads/main', '--path', '.github', '--target', out));
    expect(r.stdout).toMatch(/Restored 1 file /);
    expect(readFileSync(join(out, '.github/workflows/ci.yml')).equals(blob('.github/workflows/ci.yml'))).toBe(true);
  });

  it('writes export-subst and eol files as stored, keeps the executable bit, makes the symlink', async () => {
    const out = join(ws.dir, 'all');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--at', 'main', '--path', '.', '--target', out));
    const stored = sh(work, 'cat-file', 'blob', 'HEAD:version.txt');
    expect(readFileSync(join(out, 'version.txt'), 'utf8')).toBe(`${stored}\n`);
    expect(readFileSync(join(out, 'version.txt'), 'utf8')).toContain('$Format:%H$');
    expect(readFileSync(join(out, 'version.txt')).includes('\r\n')).toBe(false);
    expect(lstatSync(join(out, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(join(out, 'link'))).toBe('run.sh');
    expect(existsSync(join(out, 'vendor/lib'))).toBe(false); // a submodule is not a 0-byte file
  });

  it('ls and a whole restore say the submodule content is not in this backup', async () => {
    const note = /vendor\/lib: submodule \(no URL in \.gitmodules\) at [0-9a-f]{12} — its content is not in this backup/;
    expect((await ws.hereOk(ws.operator('ls', 'latest:app'))).stdout).toMatch(note);
    expect((await ws.hereOk(ws.operator('restore', 'latest:app', '--target', join(ws.dir, 'whole.git')))).stdout).toMatch(note);
  });

  it('a path holding only a submodule writes nothing, says so and exits 4 (incomplete)', async () => {
    const out = join(ws.dir, 'sub');
    const r = await ws.here(ws.operator('restore', 'latest:app', '--at', 'main', '--path', 'vendor/lib', '--target', out));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/nothing was written.*submodule/);
    expect(existsSync(join(out, 'vendor'))).toBe(false);
  });
});

describe('a sha256 repository (git init --object-format=sha256)', () => {
  it('backs up, restores whole and restores a path, each verified against its 64-hex ids', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work256');
    mkdirSync(join(work, '.github/workflows'), { recursive: true });
    sh(work, 'init', '-q', '-b', 'main', '--object-format=sha256');
    writeFileSync(join(work, '.github/workflows/ci.yml'), 'name: CI\non: [push]\njobs: { b: { runs-on: x, steps: [{ run: make }] } }\n');
    symlinkSync('ci.yml', join(work, '.github/workflows/current.yml'));
    sh(work, 'add', '-A');
    sh(work, 'commit', '-q', '-m', 'one');
    expect(sh(work, 'rev-parse', 'HEAD')).toMatch(/^[0-9a-f]{64}$/);
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);
    // path restores were checked with `git hash-object` outside any repository: sha1, so every file "differed" (exit 5)
    const out = join(ws.dir, 'wf256');
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--at', 'main', '--path', '.github', '--target', out));
    expect(r.stdout).toMatch(/Restored 1 file and 1 symlink\(s\)/);
    expect(readFileSync(join(out, '.github/workflows/ci.yml')).equals(readFileSync(join(work, '.github/workflows/ci.yml')))).toBe(true);
    expect(readlinkSync(join(out, '.github/workflows/current.yml'))).toBe('ci.yml');
    const whole = join(ws.dir, 'whole256.git');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', whole));
    expect(sh(whole, 'rev-parse', 'main')).toBe(sh(work, 'rev-parse', 'main'));
  });
});
