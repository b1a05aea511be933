import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Chunker } from '../../chunker/fastcdc.js';
import { emptyStats, type BackupContext } from '../blob-sink.js';
import { noProgress } from '../../util/progress.js';
import { backupDir } from './backup-dir.js';
import { FileCache } from './file-cache.js';

/** A sink that keeps every blob: trees encoded are counted. */
function memorySink() {
  const blobs = new Set<string>();
  const sink = {
    chunker: new Chunker(Buffer.alloc(32, 3), { min: 64, avg: 256, max: 1024 }),
    trees: 0,
    add: async (type: string, plain: Buffer) => {
      if (type === 'tree') sink.trees++;
      const id = createHash('sha256').update(type).update(plain).digest('hex');
      blobs.add(id);
      return id;
    },
    reuse: (id: string) => blobs.has(id),
  };
  return sink;
}

describe('backupDir with a file cache', () => {
  it('reuses the tree of a folder found as recorded, and gives the root a walk without a cache gives', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backup-dir-'));
    const cacheDir = mkdtempSync(join(tmpdir(), 'backup-dir-cache-'));
    for (const d of ['a', 'a/b', 'c', 'l']) mkdirSync(join(root, d));
    for (const f of ['a/1', 'a/b/2', 'a/b/3', 'c/4', 'top']) writeFileSync(join(root, f), `${f}\n`.repeat(50));
    symlinkSync('../top', join(root, 'l', 'link'));
    const sink = memorySink();
    const ctx = (): BackupContext => ({ sink, progress: noProgress, stats: emptyStats() });
    /** The trees the cached walk encoded; its root checked against a walk without a cache. */
    const walk = async (excludes: string[] = []) => {
      const cache = await FileCache.forSource(cacheDir, 's');
      const before = sink.trees;
      const { root: id } = await backupDir(ctx(), { root, excludes, cache });
      const encoded = sink.trees - before;
      await cache.save();
      expect(id).toBe((await backupDir(ctx(), { root, excludes, cache: await FileCache.load(undefined) })).root);
      return encoded;
    };
    // Five folders (root, a, a/b, c, l): the first walk records them all.
    expect(await walk()).toBe(5);
    // Nothing changed: nothing encoded but the folder holding a symlink (l); its tree came out as
    // recorded, so the root's is reused.
    expect(await walk()).toBe(1);
    // A file's bytes (same size): its folder and those above it.
    writeFileSync(join(root, 'a/b/2'), 'a/b/X\n'.repeat(50));
    expect(await walk()).toBe(4); // a/b, a, root, l
    // chmod of a folder: itself (its own record) and its parent's entry for it.
    chmodSync(join(root, 'c'), 0o700);
    expect(await walk()).toBe(3); // c, root, l
    // A file added, one renamed, one removed; a folder's mtime set back by hand (its ctime still moves).
    writeFileSync(join(root, 'a/new'), 'new');
    renameSync(join(root, 'c/4'), join(root, 'c/5'));
    rmSync(join(root, 'a/1'));
    utimesSync(join(root, 'a'), 1_600_000_000, 1_600_000_000);
    expect(await walk()).toBe(4); // a, c, root, l
    // Other excludes: every folder again, and again when they change back.
    expect(await walk(['*.tmp'])).toBe(5);
    expect(await walk()).toBe(5);
    expect(await walk()).toBe(1);
  });

  it('reads a file that grows while it is read up to its size when the walk reached it, and says so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backup-dir-grow-'));
    const original = randomBytes(5000); // over the chunker's min: read in chunks
    writeFileSync(join(root, 'busy.log'), original);
    const sink = memorySink();
    const data: Buffer[] = [];
    // Each chunk the sink takes, the log grows by more than was read: a reader that went on to the end would never stop.
    const growing = { ...sink, add: async (type: string, plain: Buffer) => {
      if (type === 'data') {
        data.push(Buffer.from(plain));
        if (data.length < 1000) appendFileSync(join(root, 'busy.log'), randomBytes(2 * plain.length));
      }
      return sink.add(type, plain);
    } };
    const stats = emptyStats();
    await backupDir({ sink: growing, progress: noProgress, stats }, { root, excludes: [], cache: await FileCache.load(undefined) });
    expect(Buffer.concat(data).equals(original)).toBe(true);
    expect(stats.warnings).toEqual([expect.stringMatching(/^busy\.log grew while it was read \(to \d+ bytes\): kept the 5000 bytes it had when the backup reached it$/)]);
    rmSync(root, { recursive: true, force: true });
  });
});
