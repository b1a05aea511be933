import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliWorkspace } from '../helpers/cli.js';
import { refNames, sh } from '../helpers/git.js';
import { fastImport, initBare } from '../helpers/git-fast.js';

/**
 * A restore pushes into the live repository, which is where the incident happened. When that
 * repository is on this machine (a path, a file:// URL), git-receive-pack runs here as the operator,
 * and ran the repository's hooks: whoever could write into it (a hijacked agent with access to it)
 * planted a pre-receive hook, and the operator's restore (as root, often) ran it. A hook could read
 * the operator's passphrase from the restoring process's environment, too.
 */
describe('a push into a repository on this machine runs none of its hooks', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const live = join(ws.dir, 'live.git');
  initBare(live);
  fastImport(live, [
    { ref: 'refs/heads/main', files: { 'README.md': '# app\n' } },
    { ref: 'refs/heads/release', from: 'refs/heads/main', files: { 'fix.txt': 'fix\n' } },
  ]);
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=git:${live}`]);
  sh(live, 'update-ref', '-d', 'refs/heads/release');
  // Planted after the backup, as an agent would: each hook leaves a mark when it runs.
  const marks = join(ws.dir, 'marks');
  mkdirSync(marks);
  for (const hook of ['pre-receive', 'update', 'post-receive', 'post-update', 'reference-transaction']) {
    writeFileSync(join(live, 'hooks', hook), `#!/bin/sh\ntouch '${join(marks, hook)}'\ncat >/dev/null 2>&1\nexit 0\n`);
    chmodSync(join(live, 'hooks', hook), 0o755);
  }

  it.each([
    ['a path', live],
    ['a file:// URL', `file://${live}`],
  ])('restore --ref into %s pushes the ref and runs no hook', async (_, target) => {
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', target, '--ref', 'refs/heads/release', '--force'));
    expect(refNames(live)).toEqual(['refs/heads/main', 'refs/heads/release']);
    expect(['pre-receive', 'update', 'post-receive', 'post-update', 'reference-transaction'].filter((h) => existsSync(join(marks, h)))).toEqual([]);
    sh(live, '-c', 'core.hooksPath=/dev/null', 'update-ref', '-d', 'refs/heads/release'); // the test's own step, not the restore's
  });

  it('a whole restore into an empty repository on this machine runs none of its hooks either', async () => {
    const empty = join(ws.dir, 'empty.git');
    initBare(empty);
    writeFileSync(join(empty, 'hooks', 'pre-receive'), `#!/bin/sh\ntouch '${join(marks, 'empty-pre-receive')}'\nexit 0\n`);
    chmodSync(join(empty, 'hooks', 'pre-receive'), 0o755);
    await ws.hereOk(ws.operator('restore', 'latest:app', '--target', `file://${empty}`));
    expect(refNames(empty)).toEqual(['refs/heads/main', 'refs/heads/release']);
    expect(existsSync(join(marks, 'empty-pre-receive'))).toBe(false);
  });
});
