import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restoreGit } from '../../src/ops/restore/restore-git.js';
import { requireGitSource } from '../../src/ops/restore/git-mirror.js';
import { parseSourceSpec } from '../../src/sources/spec.js';

/** Every ref with the object it names and, for a symbolic one, the ref it names. */
const refMap = (gitDir: string) => sh(gitDir, 'for-each-ref', '--format=%(refname) %(objectname) %(symref)');

/**
 * A clone's `refs/remotes/origin/HEAD` (and any other symbolic ref) is a symbolic ref; the agent's
 * mirror holds it as a plain ref, as `git clone --mirror` does. The manifest records what it named
 * and a restore into a path makes it symbolic again.
 */
describe('symbolic refs other than HEAD', () => {
  const base = tempDir();
  const upstream = join(base, 'upstream');
  makeRepo(upstream, 3);
  const clone = join(base, 'clone');
  sh(base, 'clone', '-q', upstream, clone);
  sh(clone, 'branch', 'feature', 'origin/feature');
  sh(clone, 'symbolic-ref', 'refs/heads/latest', 'refs/heads/main');

  const backupOf = async (spec: string, v: Awaited<ReturnType<typeof makeVault>>) => {
    const r = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(spec)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    expect(r.failed).toEqual([]);
    return r.snapshot;
  };

  it('of a local repository are recorded at its first backup and symbolic again in the restored repository', async () => {
    const v = await makeVault();
    const snapshot = await backupOf(`app=git:${clone}`, v);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const { manifest } = await requireGitSource(reader, snapshot, 'app');
    expect(manifest.symrefs).toEqual({ 'refs/heads/latest': 'refs/heads/main', 'refs/remotes/origin/HEAD': 'refs/remotes/origin/main' });
    const target = join(tempDir(), 'restored.git');
    await restoreGit({ reader, snapshot, name: 'app', target, refs: [], force: false });
    expect(refMap(target)).toBe(refMap(join(clone, '.git')));
    expect(sh(target, 'symbolic-ref', 'refs/remotes/origin/HEAD')).toBe('refs/remotes/origin/main');
  });

  it('of a repository reached through git\'s transport: from its first backup, and a changed target followed', async () => {
    const v = await makeVault();
    const url = pathToFileURL(clone).href;
    const first = await backupOf(`app=git:${url}`, v);
    let reader = await openVault(v.store, v.identity, v.cacheRoot);
    // The clone records them as plain refs; ls-remote beside it says what they name.
    expect((await requireGitSource(reader, first, 'app')).manifest.symrefs).toEqual({ 'refs/heads/latest': 'refs/heads/main', 'refs/remotes/origin/HEAD': 'refs/remotes/origin/main' });
    sh(clone, 'remote', 'set-head', 'origin', 'feature');
    const second = await backupOf(`app=git:${url}`, v);
    reader = await openVault(v.store, v.identity, v.cacheRoot);
    expect((await requireGitSource(reader, second, 'app')).manifest.symrefs).toEqual({ 'refs/heads/latest': 'refs/heads/main', 'refs/remotes/origin/HEAD': 'refs/remotes/origin/feature' });
    const target = join(tempDir(), 'restored.git');
    await restoreGit({ reader, snapshot: second, name: 'app', target, refs: [], force: false });
    expect(refMap(target)).toBe(refMap(join(clone, '.git')));

    // Pushed into an empty remote repository: as plain refs, and the restore says so.
    const remote = join(tempDir(), 'empty.git');
    sh(base, 'init', '-q', '--bare', remote);
    const pushed = await restoreGit({ reader, snapshot: second, name: 'app', target: pathToFileURL(remote).href, refs: [], force: false, allowPipelineChanges: true }); // its pipelines are not the subject here
    expect(pushed.notes.join('\n')).toMatch(/refs\/remotes\/origin\/HEAD \(→ refs\/remotes\/origin\/feature\).*pushed .* as plain refs/);
    expect(sh(remote, 'rev-parse', 'refs/remotes/origin/HEAD')).toBe(sh(clone, 'rev-parse', 'refs/remotes/origin/HEAD'));
  });
});
