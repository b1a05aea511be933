import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, partialClone, sh } from '../helpers/git.js';
import type { Listing } from '../../src/ops/browse/ls.js';

describe('a repository with missing objects', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const work = join(ws.dir, 'work');
  makeRepo(work, 3);
  sh(work, 'checkout', '-q', '-b', 'side');
  writeFileSync(join(work, 'side.txt'), 'only on side, and lost\n');
  sh(work, 'add', 'side.txt');
  sh(work, 'commit', '-q', '-m', 'side');
  sh(work, 'checkout', '-q', 'main');
  const lost = sh(work, 'rev-parse', 'side:side.txt');
  rmSync(join(work, '.git/objects', lost.slice(0, 2), lost.slice(2))); // a loose object, gone
  const backup = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);

  it('backs up with a warning naming the object and the ref that reaches it, and records it', async () => {
    expect(backup.code).toBe(0);
    expect(backup.stderr).toMatch(new RegExp(`is incomplete: 1 objects .*missing \\(${lost.slice(0, 12)}\\), reached from refs/heads/side;`));
    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'));
    expect(git!.incomplete).toEqual({ missing: [lost], count: 1, refs: ['refs/heads/side'] });
  });

  it('a restore says so up front and writes nothing', async () => {
    const target = join(ws.dir, 'plain.git');
    const r = await ws.here(ws.operator('restore', 'latest:app', '--target', target));
    expect(r.code).toBe(4); // restore incomplete
    expect(r.stderr).toMatch(new RegExp(`app was incomplete when snapshot .* was made: 1 objects missing \\(${lost.slice(0, 12)}\\).*--allow-incomplete`));
    expect(existsSync(target)).toBe(false);
  });

  it('--allow-incomplete restores what exists, verified by fsck expecting only that object missing', async () => {
    const target = join(ws.dir, 'kept.git');
    const r = await ws.hereOk(ws.operator('restore', 'latest:app', '--target', target, '--allow-incomplete'));
    expect(r.stdout).toMatch(/Note: app was incomplete at backup/);
    expect(r.stdout).toMatch(/verified: git fsck --full \(only the 1 objects missing at backup are missing\), ref map equals the snapshot/);
    expect(sh(target, 'rev-parse', 'refs/heads/main')).toBe(sh(work, 'rev-parse', 'main'));
    expect(sh(target, 'cat-file', 'blob', 'main:app.txt')).toBe('app');

    const remote = join(ws.dir, 'remote.git');
    sh(ws.dir, 'init', '-q', '--bare', remote);
    const pushed = await ws.hereOk(ws.operator('restore', 'latest:app', '--target', `file://${remote}`, '--allow-incomplete', '--allow-pipeline-changes')); // an empty remote: its pipelines are all new
    expect(pushed.stdout).toMatch(/1 refs that reach missing objects were not pushed: refs\/heads\/side/);
    expect(sh(remote, 'rev-parse', 'refs/heads/main')).toBe(sh(work, 'rev-parse', 'main'));
    expect(sh(remote, 'fsck', '--no-dangling')).toBe('');

    const ref = await ws.here(ws.operator('restore', 'latest:app', '--target', `file://${remote}`, '--ref', 'refs/heads/side', '--allow-incomplete'));
    expect(ref.code).toBe(4);
    expect(ref.stderr).toMatch(/refs\/heads\/side reach objects that were missing/);
  });
});

describe('a repository that lacks folders below trees it has', () => {
  it('lists the pipelines that exist on every branch and names the folders it could not look in', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work');
    makeRepo(work, 3);
    sh(work, 'checkout', '-q', '-b', 'side');
    mkdirSync(join(work, 'lib/gone'), { recursive: true });
    writeFileSync(join(work, 'lib/gone/z.txt'), 'lost with its folder\n');
    writeFileSync(join(work, '.github/workflows/side.yml'), 'on: push\njobs:\n  side:\n    runs-on: x\n');
    sh(work, 'add', '-A');
    sh(work, 'commit', '-q', '-m', 'side');
    sh(work, 'checkout', '-q', 'main');
    for (const tree of [sh(work, 'rev-parse', 'side:lib/gone'), sh(work, 'rev-parse', 'side:.github/workflows')]) rmSync(join(work, '.git/objects', tree.slice(0, 2), tree.slice(2)));
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipelines below folders the repository lacks are not listed, on 1 branch\(es\): side \(\.github\/workflows, lib\/gone\)/);
    expect(r.stderr).toMatch(/is incomplete: 2 objects .*reached from refs\/heads\/side;/);
    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'));
    expect(git!.pipelines.main!.map((p) => p.path)).toEqual(['.github/workflows/ci.yml', '.gitlab-ci.yml']);
    expect(git!.pipelines.side!.map((p) => p.path)).toEqual(['.gitlab-ci.yml']); // its root file is there, its workflows folder is not
  });
});

describe('a partial clone (git clone --filter)', () => {
  it('backs up as incomplete, and the warning says the objects were never downloaded and which remote has them', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const { origin, clone: partial } = partialClone(ws.dir, 'partial', 'blob:none', ['--no-checkout']);
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${partial}`, '--source', `whole=git:${origin}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/partial is incomplete: \d+ objects .*; it is a partial clone \(git clone --filter\): those objects were never downloaded and are on its promisor remote origin \(file:\/\/.*origin\); back that repository up/);
    expect(r.stderr.match(/is incomplete/g)).toHaveLength(1); // its origin is whole
  });
});

describe('a shallow clone', () => {
  it('backs up with a warning that the history before its boundary is in neither the clone nor the backup', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const full = join(ws.dir, 'full');
    makeRepo(full, 3);
    const shallow = join(ws.dir, 'shallow');
    sh(ws.dir, 'clone', '-q', '--depth', '1', `file://${full}`, shallow);
    const boundary = sh(shallow, 'rev-parse', 'HEAD');
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${shallow}`, '--source', `whole=git:${full}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`is a shallow clone: the history before its 1 boundary commit(s) (${boundary.slice(0, 12)}) is not in it`);
    expect(r.stderr.match(/shallow clone/g)).toHaveLength(1); // the full clone is not
  });
});

describe('a clone that borrows objects (git clone --shared, as CI caches make)', () => {
  it('backs up every object it needs, so the restore passes fsck without the repository it borrowed from', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const lender = join(ws.dir, 'lender');
    makeRepo(lender, 3);
    const borrower = join(ws.dir, 'borrower');
    sh(ws.dir, 'clone', '-q', '--shared', lender, borrower);
    expect(existsSync(join(borrower, '.git/objects/info/alternates'))).toBe(true);
    writeFileSync(join(borrower, 'own.txt'), 'its own commit\n');
    sh(borrower, 'add', 'own.txt');
    sh(borrower, '-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '-m', 'own');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${borrower}`]);
    rmSync(lender, { recursive: true, force: true }); // what it borrowed from is gone
    const target = join(ws.dir, 'restored.git');
    const r = await ws.here(ws.operator('restore', 'latest:app', '--target', target));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sh(target, 'log', '--format=%s', 'main')).toContain('own');
  });
});
