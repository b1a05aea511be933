import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { makeRepo, sh } from '../helpers/git.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';
import { planSelection } from '../../src/ops/restore/selection-plan.js';
import { runSelection } from '../../src/ops/restore/selection-restore.js';

/** Files at a ref put back into the working copy: what blocks it, and what it does not touch. */
describe('a file at a ref back in the live working copy', () => {
  it('never writes through a symlink where the ref has a folder; a bare repository has no working copy to go back to', async () => {
    const v = await makeVault();
    const live = tempDir();
    makeRepo(live, 3);
    mkdirSync(join(live, 'deploy'));
    writeFileSync(join(live, 'deploy/prod.yml'), 'replicas: 3\n');
    sh(live, 'add', '-A');
    sh(live, 'commit', '-qm', 'deploy');
    const bare = join(tempDir(), 'bare.git');
    sh(tempDir(), 'clone', '-q', '--bare', live, bare);
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`api=git:${live}`), parseSourceSpec(`mirror=git:${bare}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, tempDir());
    const snapshot = (await reader.snapshots()).snapshots[0]!.id;

    // An agent swaps the folder for a link to somewhere else: the plan is blocked, and a run writes nothing.
    const elsewhere = tempDir();
    renameSync(join(live, 'deploy'), join(tempDir(), 'deploy-moved'));
    symlinkSync(elsewhere, join(live, 'deploy'));
    const plan = await planSelection(reader, snapshot, ['api/refs/refs/heads/main/deploy/prod.yml'], '.', 'replace', ['/']);
    expect(plan.target).toBe(live);
    expect(plan.blocked.join('\n')).toMatch(/deploy is a symlink on this machine, where refs\/heads\/main has a folder; the console never writes through it/);
    await expect(runSelection(reader, plan)).rejects.toThrow(/symlink/);
    expect(existsSync(join(elsewhere, 'prod.yml'))).toBe(false);

    // Put back for real once the folder is a folder again; git sees the working copy as committed.
    renameSync(join(live, 'deploy'), join(tempDir(), 'the-link'));
    mkdirSync(join(live, 'deploy'));
    const again = await planSelection(reader, snapshot, ['api/refs/refs/heads/main/deploy/prod.yml'], '.', 'replace', ['/']);
    expect(again.blocked).toEqual([]);
    expect(again.items[0]!.writes[0]).toBe('deploy/prod.yml: not there now; created from refs/heads/main');
    const run = await runSelection(reader, again);
    expect(run.items.map((i) => i.ok)).toEqual([true]);
    expect(readFileSync(join(live, 'deploy/prod.yml'), 'utf8')).toBe('replicas: 3\n');
    expect(sh(live, 'status', '--porcelain')).toBe('');

    await expect(planSelection(reader, snapshot, ['mirror/refs/refs/heads/main/app.txt'], '.', 'keep-both', ['/'])).rejects.toThrow(
      /bare\.git \(where mirror was backed up from\) is not a git working copy on this machine: restore app\.txt into a folder instead, or refs\/heads\/main as a branch for review/,
    );
    reader.close();
  });
});
