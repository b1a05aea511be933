import { describe, expect, it } from 'vitest';
import { appendFileSync, chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { cachedMirror, makeRepo, sh } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restoreGit } from '../../src/ops/restore/restore-git.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

/** A repository backed up once into a locked vault; `run` backs it up again (after the agent armed its cached mirror). */
async function backedUpRepo() {
  const store = await lockedBucket();
  const v = await makeVault({ store });
  const live = tempDir();
  makeRepo(live, 3);
  const run = () => backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=git:${live}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
  await run();
  return { store, v, run };
}

describe('a hijacked agent arms the git mirror it backs up', () => {
  it('hooks, a hostile config and alternates in the mirror run nothing and read nothing when the operator restores', async () => {
    const { store, v, run } = await backedUpRepo();

    // The agent plants what git would run or read on the operator's machine, then backs up again.
    const canary = tempDir('bulkhead-canary-');
    const mirror = cachedMirror(v.cacheRoot);
    mkdirSync(join(mirror, 'hooks'), { recursive: true }); // the agent clones without a template
    for (const hook of ['pre-push', 'post-checkout', 'reference-transaction', 'post-update']) {
      writeFileSync(join(mirror, 'hooks', hook), `#!/bin/sh\ntouch ${canary}/${hook}\n`);
      chmodSync(join(mirror, 'hooks', hook), 0o755);
    }
    const included = join(tempDir(), 'more.config');
    writeFileSync(included, `[core]\n\tpager = touch ${canary}/pager\n`);
    appendFileSync(join(mirror, 'config'), `[core]\n\tsshCommand = touch ${canary}/ssh\n\tfsmonitor = touch ${canary}/fsmonitor\n[credential]\n\thelper = "!touch ${canary}/credential"\n[include]\n\tpath = ${included}\n`);
    const elsewhere = tempDir();
    sh(elsewhere, 'init', '-q', '--bare');
    writeFileSync(join(mirror, 'objects/info/alternates'), `${elsewhere}/objects\n`);
    await run();

    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    const snapshot = snapshots[snapshots.length - 1]!.id;
    // Into an empty remote (push --mirror from the restored copy: pre-push would run here) …
    const remote = join(tempDir(), 'remote.git');
    sh(tempDir(), 'init', '-q', '--bare', remote);
    const pushed = await restoreGit({ reader, snapshot, name: 'app', target: `file://${remote}`, refs: [], force: false, allowPipelineChanges: true }); // into an empty remote: consent to its pipelines (not this test's subject)
    expect(Object.keys(pushed.refs).length).toBeGreaterThan(2);
    // … and as a bare repository on this disk, which the operator will use.
    const local = join(tempDir(), 'app.git');
    await restoreGit({ reader, snapshot, name: 'app', target: local, refs: [], force: false });
    sh(local, 'fsck', '--full');
    expect(sh(local, 'for-each-ref', '--format=%(refname)')).toContain('refs/heads/feature');

    expect(readdirSync(canary)).toEqual([]); // nothing ran
    expect(readdirSync(join(local, 'hooks')).filter((h) => !h.endsWith('.sample'))).toEqual([]);
    const config = readFileSync(join(local, 'config'), 'utf8');
    expect(config).not.toMatch(/sshCommand|fsmonitor|helper|include|pager/);
    expect(config).toMatch(/bare = true/);
    expect(existsSync(join(local, 'objects/info/alternates'))).toBe(false);
    reader.close();
  });

  it('a commondir redirect and a hooks folder linked outside: nothing runs, and nothing outside the mirror is removed', async () => {
    const { store, v, run } = await backedUpRepo();

    // `commondir` sends git to x/ for config, hooks, objects and refs, where the usual places were
    // not looked at; `hooks` is a link to a folder of the operator's, which disarming emptied.
    const canary = tempDir('bulkhead-canary-');
    const victim = tempDir('bulkhead-victim-');
    mkdirSync(join(victim, 'keep'));
    writeFileSync(join(victim, 'id_ed25519'), 'secret\n');
    writeFileSync(join(victim, 'keep/important.db'), 'data\n');
    const mirror = cachedMirror(v.cacheRoot);
    const x = join(mirror, 'x');
    for (const part of ['objects', 'refs', 'packed-refs', 'HEAD']) if (existsSync(join(mirror, part))) cpSync(join(mirror, part), join(x, part), { recursive: true });
    mkdirSync(join(x, 'hooks'), { recursive: true });
    for (const hook of ['pre-push', 'reference-transaction', 'post-update']) {
      writeFileSync(join(x, 'hooks', hook), `#!/bin/sh\ntouch ${canary}/${hook}\n`);
      chmodSync(join(x, 'hooks', hook), 0o755);
    }
    writeFileSync(join(x, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tsshCommand = touch ${canary}/ssh\n`);
    writeFileSync(join(mirror, 'commondir'), 'x\n');
    rmSync(join(mirror, 'hooks'), { recursive: true, force: true });
    symlinkSync(victim, join(mirror, 'hooks'));
    await run();

    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    const snapshot = snapshots[snapshots.length - 1]!.id;
    const remote = join(tempDir(), 'remote.git');
    sh(tempDir(), 'init', '-q', '--bare', remote);
    const pushed = await restoreGit({ reader, snapshot, name: 'app', target: `file://${remote}`, refs: [], force: false, allowPipelineChanges: true });
    expect(Object.keys(pushed.refs).length).toBeGreaterThan(2);
    const local = join(tempDir(), 'app.git');
    await restoreGit({ reader, snapshot, name: 'app', target: local, refs: [], force: false });
    sh(local, 'fsck', '--full');

    expect(readdirSync(canary)).toEqual([]); // nothing ran
    expect(readdirSync(victim).sort()).toEqual(['id_ed25519', 'keep']); // nothing outside was removed
    expect(readFileSync(join(victim, 'keep/important.db'), 'utf8')).toBe('data\n');
    expect(existsSync(join(local, 'commondir'))).toBe(false);
    expect(existsSync(join(local, 'x'))).toBe(false);
    expect(existsSync(join(local, 'hooks')) && lstatSync(join(local, 'hooks')).isSymbolicLink()).toBe(false);
    reader.close();
  });
});

