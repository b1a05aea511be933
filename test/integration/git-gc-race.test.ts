import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Chunker } from '../../src/chunker/fastcdc.js';
import { emptyStats, type BackupContext } from '../../src/sources/blob-sink.js';
import { FileCache } from '../../src/sources/dir/file-cache.js';
import { backupGit, StartedMirror } from '../../src/sources/git/backup-git.js';
import { loadGitManifest } from '../../src/sources/git/read-manifest.js';
import { mirrorDir } from '../../src/sources/git/mirror-cache.js';
import { noProgress } from '../../src/util/progress.js';
import { makeRepo, sh } from '../helpers/git.js';
import { SMALL_CHUNKS, tempDir } from '../helpers/vault.js';

/** A sink that keeps every blob in memory: the test reads the manifest back. */
function context(): { ctx: BackupContext; blobs: Map<string, Buffer> } {
  const blobs = new Map<string, Buffer>();
  const add = async (_type: string, plain: Buffer) => {
    const id = createHash('sha256').update(plain).digest('hex');
    blobs.set(id, plain);
    return id;
  };
  return { ctx: { sink: { chunker: new Chunker(new Uint8Array(32), SMALL_CHUNKS), add, reuse: () => false }, progress: noProgress, stats: emptyStats() }, blobs };
}

describe('a first backup racing a git gc in the repository', () => {
  it('takes in the objects the copy missed when the repository has them again, and is complete', async () => {
    const dir = tempDir('bulkhead-gc-race-');
    const work = join(dir, 'work');
    makeRepo(work, 3);
    writeFileSync(join(work, 'late.txt'), 'packed by the gc while the clone copied\n');
    sh(work, 'add', 'late.txt');
    sh(work, 'commit', '-q', '-m', 'late');
    const late = sh(work, 'rev-parse', 'HEAD:late.txt');
    const loose = join(work, '.git/objects', late.slice(0, 2), late.slice(2));
    const aside = join(dir, 'aside');
    mkdirSync(aside);
    // The clone copies the files while the object is nowhere it looks (gc: packed into a pack the
    // copy never listed, its loose file deleted); by the time the backup walks, it is there again.
    renameSync(loose, join(aside, late));
    const cacheDir = join(dir, 'cache');
    const started = new StartedMirror(cacheDir, work);
    await started.updating;
    renameSync(join(aside, late), loose);

    const { ctx, blobs } = context();
    const cache = await FileCache.load(join(cacheDir, 'files.bin'));
    const { manifest } = await backupGit(ctx, work, cacheDir, cache, undefined, started);
    const kept = await loadGitManifest({ blob: async (id) => blobs.get(id)! }, manifest);
    expect(kept.incomplete).toBeUndefined();
    expect(ctx.stats.warnings.filter((w) => /incomplete/.test(w))).toEqual([]);
    expect(spawnSync('git', ['--git-dir', mirrorDir(cacheDir, work), 'cat-file', '-e', late]).status).toBe(0);
    expect(kept.refs['refs/heads/main']).toBe(sh(work, 'rev-parse', 'main'));
  });
});
