import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, partialClone, sh } from '../helpers/git.js';
import type { Listing } from '../../src/ops/browse/ls.js';

/** Every ref of a repository and the object it names, as `for-each-ref` lists them. */
const refMap = (gitDir: string) => sh(gitDir, 'for-each-ref', '--format=%(objectname) %(refname)');

/**
 * Repositories as developers and servers hold them, where git itself fails the walks a backup
 * makes: a lender of objects deleted (whole commits gone), a partial clone that fetched since.
 */
describe('a repository whose lender of objects is gone (a --shared clone, a fork whose pool was deleted)', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const lender = join(ws.dir, 'lender');
  makeRepo(lender, 3);
  const fork = join(ws.dir, 'fork.git');
  sh(ws.dir, 'clone', '-q', '--bare', '--shared', lender, fork);
  // One commit of its own, on a history it borrows.
  const own = sh(fork, 'commit-tree', '-p', 'main', '-m', 'own', sh(fork, 'rev-parse', 'main^{tree}'));
  sh(fork, 'update-ref', 'refs/heads/own', own);
  renameSync(lender, `${lender}.gone`); // the lender is gone: main's commits, its tag, every blob
  const backup = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `fork=git:${fork}`]);

  it('backs up what is there and names every ref that reaches what is not, a ref whose own commit is gone too', async () => {
    expect(backup.stderr).not.toMatch(/failed/);
    expect(backup.code).toBe(0);
    expect(backup.stderr).toMatch(/fork\.git is incomplete: \d+ objects .* reached from refs\/heads\/feature, refs\/heads\/main, refs\/heads\/own, refs\/tags\/v1;/);
    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:fork'));
    expect(git!.incomplete!.missing).toContain(sh(`${lender}.gone`, 'rev-parse', 'main'));
  });

  it('restores what exists with --allow-incomplete: the ref map of the source, fsck missing only what was missing', async () => {
    const target = join(ws.dir, 'restored.git');
    const r = await ws.hereOk(ws.operator('restore', 'latest:fork', '--target', target, '--allow-incomplete'));
    expect(r.stdout).toMatch(/only the \d+ objects missing at backup are missing/);
    expect(refMap(target)).toBe(refMap(fork));
    expect(existsSync(join(target, 'objects/info/alternates'))).toBe(false);
    expect(sh(target, 'cat-file', '-t', own)).toBe('commit');
  });

  it('is whole again at the next backup once the lender is back, though no ref moved', async () => {
    renameSync(`${lender}.gone`, lender);
    const again = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `fork=git:${fork}`]);
    expect(again.stderr).not.toMatch(/incomplete|failed/);
    renameSync(lender, `${lender}.gone`); // gone again: the new snapshot holds every object itself
    const target = join(ws.dir, 'whole.git');
    const r = await ws.here(ws.operator('restore', 'latest:fork', '--target', target));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(refMap(target)).toBe(refMap(fork));
    expect(sh(target, 'fsck', '--full', '--no-dangling')).toBe('');
  });
});

describe('a partial clone (git clone --filter) that fetched new history after its first backup', () => {
  it('backs up again, incomplete as before, without fetching what it lacks', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const { origin, clone: partial } = partialClone(ws.dir, 'partial', 'blob:none', ['--bare']);
    const args = ['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${partial}`];
    await ws.hereOk(args);
    writeFileSync(join(origin, 'app.txt'), 'a new version\n');
    sh(origin, 'commit', '-q', '-am', 'new');
    sh(partial, 'fetch', '-q', 'origin', '+refs/heads/*:refs/heads/*'); // a developer's daily fetch: new blobs stay on the server
    const newBlob = sh(origin, 'rev-parse', 'main:app.txt');
    const r = await ws.here(args);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/partial is incomplete: .*it is a partial clone/);
    const { git } = await ws.hereJson<Listing>(ws.operator('ls', 'latest:app'));
    expect(git!.refs['refs/heads/main']).toBe(sh(origin, 'rev-parse', 'main'));
    expect(git!.incomplete!.missing).toContain(newBlob);
    expect(sh(partial, 'cat-file', '--batch-check', '--batch-all-objects')).not.toContain(newBlob); // nothing fetched it

    // and diffs against itself live, the day after, though it cannot serve a fetch of what it lacks
    writeFileSync(join(origin, 'app.txt'), 'the day after\n');
    sh(origin, 'commit', '-q', '-am', 'after');
    sh(partial, 'fetch', '-q', 'origin', '+refs/heads/*:refs/heads/*');
    const diff = await ws.hereOk(ws.operator('diff', 'latest:app', '--live'));
    expect(diff.stdout).toMatch(new RegExp(`ref-moved refs/heads/main ${git!.refs['refs/heads/main']!.slice(0, 12)}`));
    expect(sh(partial, 'cat-file', '--batch-check', '--batch-all-objects')).not.toContain(sh(origin, 'rev-parse', 'main:app.txt'));
  });
});

// A push into a repository on this machine runs none of its hooks (restore-local-hooks.test.ts): the
// repository here is reached as a server is, over ssh (a stand-in ssh that runs the command locally),
// where receive-pack and its hooks run on the far side with what git passed through.
describe('a restore into a repository whose hooks run (a push over ssh runs the server’s hooks)', () => {
  it('gives them no passphrase of the operator', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const work = join(ws.dir, 'work.git');
    sh(ws.dir, 'init', '-q', '--bare', work);
    const tree = sh(work, 'mktree'); // the empty tree: no pipeline files, which a push to a live repository is guarded for
    sh(work, 'update-ref', 'refs/heads/main', sh(work, 'commit-tree', '-m', 'one', tree));
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${work}`]);
    const target = join(ws.dir, 'target.git');
    sh(ws.dir, 'init', '-q', '--bare', target);
    const seen = join(ws.dir, 'seen-env');
    writeFileSync(join(target, 'hooks/pre-receive'), `#!/bin/sh\nenv > '${seen}'\n`);
    chmodSync(join(target, 'hooks/pre-receive'), 0o755);
    const ssh = join(ws.dir, 'fake-ssh');
    writeFileSync(ssh, '#!/bin/sh\nwhile [ $# -gt 1 ]; do shift; done\nexec sh -c "$1"\n'); // runs the last argument, the remote command
    chmodSync(ssh, 0o755);
    const r = await ws.here(ws.operator('restore', 'latest:app', '--target', `ssh://localhost${target}`, '--ref', 'refs/heads/main'), { GIT_SSH_COMMAND: ssh });
    expect(r.code, r.stderr).toBe(0);
    const env = readFileSync(seen, 'utf8');
    expect(env).toMatch(/^GIT_DIR=/m); // the hook ran
    expect(env).not.toMatch(/BULKHEAD_PASSPHRASE|a test passphrase/);
  });
});

describe('a treeless partial clone (git clone --filter=tree:0, as CI checkouts make)', () => {
  it('backs up as incomplete, with no files listed, instead of failing on its first missing tree', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const { clone: treeless } = partialClone(ws.dir, 'treeless.git', 'tree:0', ['--bare']);
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${treeless}`]);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/treeless\.git is incomplete: .*it is a partial clone/);
    const target = join(ws.dir, 'restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', target, '--allow-incomplete'));
    expect(refMap(target)).toBe(refMap(treeless));
  });
});

describe('a ref whose name is not UTF-8 (git allows any bytes)', () => {
  it('is said at backup and kept byte for byte by a whole restore', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const repo = join(ws.dir, 'latin1');
    makeRepo(repo, 3);
    // Node passes arguments as UTF-8: the shell writes the byte 0xE9 itself.
    execFileSync('sh', ['-c', `git update-ref "refs/heads/caf$(printf '\\351')" HEAD`], { cwd: repo });
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `latin1=git:${repo}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${repo}: 1 ref name(s) are not UTF-8 ("refs/heads/caf\uFFFD")`);
    const target = join(ws.dir, 'latin1-restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:latin1', '--target', target));
    const refs = (dir: string) => execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: dir });
    expect(refs(target).equals(refs(repo))).toBe(true);
    expect(refs(target).includes(Buffer.from('caf\xe9 ', 'latin1'))).toBe(true);
  });
});

describe('objects git fsck flags for their format (old tools and imports wrote them; GitHub serves them)', () => {
  it('back up and restore exactly, verified, with a note naming the findings instead of a failed restore', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const repo = join(ws.dir, 'legacy');
    makeRepo(repo, 3);
    const write = (type: string, body: Buffer) => execFileSync('git', ['hash-object', '-t', type, '-w', '--literally', '--stdin'], { cwd: repo, input: body }).toString().trim();
    const bin = (oid: string) => Buffer.from(oid, 'hex');
    // a tree with a zero-padded mode (040000) and a commit whose author's time zone is "+05030"
    const tree = write('tree', Buffer.concat([Buffer.from('100644 app.txt\0'), bin(sh(repo, 'rev-parse', 'main:app.txt')), Buffer.from('040000 old\0'), bin(sh(repo, 'rev-parse', 'main^{tree}'))]));
    const commit = write('commit', Buffer.from(`tree ${tree}\nparent ${sh(repo, 'rev-parse', 'main')}\nauthor Old Tool <old@example.com> 1100000000 +05030\ncommitter Old Tool <old@example.com> 1100000000 +0000\n\nimported\n`));
    sh(repo, 'update-ref', 'refs/heads/main', commit);
    const flagged = spawnSync('git', ['fsck', '--full'], { cwd: repo, encoding: 'utf8' });
    expect(flagged.status).not.toBe(0); // as `git fsck` fails on the source itself
    expect(flagged.stderr).toMatch(/badTimezone/);
    expect(flagged.stderr).toMatch(/zeroPaddedFilemode/);

    // through git's transport (file://, as https), on a host whose global config checks every object
    // fetched (a common hardening): git refused such a repository, and its backup failed
    const hardened = join(ws.dir, 'hardened.gitconfig');
    writeFileSync(hardened, '[transfer]\n\tfsckObjects = true\n');
    const env = { GIT_CONFIG_GLOBAL: hardened };
    const saved = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `legacy=git:file://${repo}`], env);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    const target = join(ws.dir, 'legacy-restored.git');
    const r = await ws.here(ws.operator('restore', 'latest:legacy', '--target', target), env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verified: git fsck --full: 2 format findings in objects as the snapshot holds them \(.*\), which git serves and clones; every object's hash checked, ref map equals the snapshot/);
    expect(r.stdout).toMatch(/badTimezone in commit [0-9a-f]{12}/);
    expect(r.stdout).toMatch(/zeroPaddedFilemode in tree [0-9a-f]{12}/);
    expect(refMap(target)).toBe(refMap(repo));
    expect(execFileSync('git', ['cat-file', 'tree', tree], { cwd: target }).equals(execFileSync('git', ['cat-file', 'tree', tree], { cwd: repo }))).toBe(true);
  });
});
