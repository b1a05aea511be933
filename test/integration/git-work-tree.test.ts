import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';
import { makeRepo, sh } from '../helpers/git.js';

/**
 * A git source given as a checkout (a config repository on a server, edited in place): the backup
 * keeps every ref and commit, and says what the work tree holds that no commit does, without
 * changing the repository or running its programs.
 */
describe('a git source that is a checkout with uncommitted changes', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const repo = join(ws.dir, 'config');
  makeRepo(repo, 3);
  const clean = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `config=git:${repo}`]);
  writeFileSync(join(repo, 'app.txt'), 'edited on the server\n');
  writeFileSync(join(repo, 'staged.txt'), 'staged\n');
  sh(repo, 'add', 'staged.txt');
  renameSync(join(repo, 'file-1.txt'), join(repo, 'file-1-renamed.txt'));
  writeFileSync(join(repo, 'local-only.env'), 'TOKEN_PATH=/run/secrets/x\n');
  // A hook the repository's own config names, which `git status` would run.
  const ran = join(ws.dir, 'fsmonitor-ran');
  sh(repo, 'config', 'core.fsmonitor', `touch ${ran}; echo`);
  const index = join(repo, '.git', 'index');
  const indexBefore = { bytes: readFileSync(index), mtime: statSync(index).mtimeMs };

  it('a clean checkout backs up without a word', () => {
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe('');
  });

  it('says the work tree has changes no commit holds, and backs up every commit as before', async () => {
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `config=git:${repo}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: ${repo}: the work tree has uncommitted changes \\(\\d+ changed, 2 untracked\\) that a git source does not keep`));
    const target = join(ws.dir, 'restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:config', '--target', target));
    expect(sh(target, 'rev-parse', 'main')).toBe(sh(repo, 'rev-parse', 'main'));
  });

  it('neither rewrites the checkout\'s index nor runs the fsmonitor hook its config names', () => {
    expect(existsSync(ran)).toBe(false);
    expect(readFileSync(index).equals(indexBefore.bytes)).toBe(true);
    expect(statSync(index).mtimeMs).toBe(indexBefore.mtime);
  });

  it('says which stash entries live only in the reflog (a linked worktree shares them), and keeps the newest', async () => {
    const stashed = join(ws.dir, 'stashed');
    makeRepo(stashed, 3);
    for (const n of [1, 2, 3]) {
      writeFileSync(join(stashed, 'app.txt'), `work in progress ${n}\n`);
      sh(stashed, 'stash', 'push', '-q', '-m', `wip ${n}`);
    }
    const linked = join(ws.dir, 'stashed-linked');
    sh(stashed, 'worktree', 'add', '-q', linked, '-b', 'side');
    for (const [name, path] of [['stashed', stashed], ['linked', linked]]) {
      const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `${name}=git:${path}`]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`warning: ${path}: 2 stash entries older than the newest (stash@{1} to stash@{2}) live only in the stash's reflog`);
      expect(r.stderr).not.toMatch(/uncommitted/);
    }
    const target = join(ws.dir, 'stashed-restored.git');
    await ws.hereOk(ws.operator('restore', 'latest:stashed', '--target', target));
    expect(sh(target, 'rev-parse', 'refs/stash')).toBe(sh(stashed, 'rev-parse', 'refs/stash'));
  });

  it('a bare repository has no work tree to speak of', async () => {
    const bare = join(ws.dir, 'bare.git');
    sh(ws.dir, 'clone', '-q', '--bare', repo, bare);
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `bare=git:${bare}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
