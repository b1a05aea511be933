import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliWorkspace } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { HOLE_BUDGET } from '../../src/sources/dir/backup-dir.js';
import { makeVault, SMALL_CHUNKS, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { holeBytes } from '../../src/ops/restore/hole-bytes.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';

const MiB = 1024 * 1024;

/**
 * Anyone who can write into a folder the agent backs up (not only the agent) tries to stall or
 * fail the nightly backup through what it leaves there: special files that never end or never
 * open, a symlink loop, a sparse file of terabytes (`truncate -s 2T`: no disk used, but every
 * byte of it was read as zeros, for hours; XFS allows exabytes), folders nested past PATH_MAX.
 */
describe('what anyone can leave in a backed-up folder', () => {
  it('special files are skipped, a loop is a symlink, a file of terabytes of holes and folders past PATH_MAX are left unread and say why; the rest and the other sources are kept', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const bad = join(ws.dir, 'shared');
    const ok = join(ws.dir, 'etc');
    mkdirSync(bad);
    mkdirSync(ok);
    writeFileSync(join(ok, 'app.yaml'), 'replicas: 3\n');
    writeFileSync(join(bad, 'notes.txt'), 'kept\n');
    execFileSync('mkfifo', [join(bad, 'fifo')]);
    const sock = createServer().listen(join(bad, 'socket'));
    if (process.getuid?.() === 0) execFileSync('mknod', [join(bad, 'zero'), 'c', '1', '5']);
    symlinkSync('loop-b', join(bad, 'loop-a'));
    symlinkSync('loop-a', join(bad, 'loop-b'));
    writeFileSync(join(bad, 'huge.img'), '');
    truncateSync(join(bad, 'huge.img'), 2 * HOLE_BUDGET);
    // a real sparse file (a VM image) is still read: 64 MiB, data at 8 MiB
    const image = join(bad, 'disk.img');
    const fd = openSync(image, 'w');
    writeSync(fd, randomBytes(300_000), 0, 300_000, 8 * MiB);
    closeSync(fd);
    truncateSync(image, 64 * MiB);
    // folders nested past PATH_MAX, made a step at a time (each mkdir is relative): this ended the
    // whole run before, every source unsaved
    const step = 'n'.repeat(200);
    const nest = `import os\nos.chdir('nest')\nfor i in range(25):\n  os.mkdir('${step}'); os.chdir('${step}')\nopen('leaf.txt', 'w').write('leaf')\n`;
    mkdirSync(join(bad, 'nest'));
    execFileSync('python3', ['-c', nest], { cwd: bad });
    try {
      const r = await ws.runAsync(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `shared=dir:${bad}`, '--source', `etc=dir:${ok}`, '--json']);
      expect(r.code, r.stderr).toBe(EXIT.SOURCE_FAILED);
      const summary = JSON.parse(r.stdout) as { warnings: string[]; unread: { name: string; count: number; first: { path: string; reason: string }[] }[] };
      expect(summary.unread).toEqual([
        {
          name: 'shared',
          count: 2,
          first: [
            { path: 'huge.img', reason: expect.stringMatching(/^sparse: 2.00 TiB with 0 B on disk; its holes would pass the 1.00 TiB of holes a backup reads per source/) },
            { path: expect.stringMatching(/^nest\/n{200}\/n{200}\//), reason: 'its path is longer than this system lets a program open (PATH_MAX)' },
          ],
        },
      ]);
      expect(summary.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^skipped fifo: not a regular file/), expect.stringMatching(/^skipped socket: not a regular file/)]));

      type Listing = { entries: { name: string; size: number }[] };
      const rows = (JSON.parse((await ws.hereOk(ws.operator('ls', 'latest:shared', '--json'))).stdout) as Listing).entries;
      const names = rows.map((e) => e.name).sort();
      expect(names).toEqual(['disk.img', 'loop-a', 'loop-b', 'nest', 'notes.txt']);
      expect(rows.find((e) => e.name === 'disk.img')!.size).toBe(64 * MiB);
      expect((JSON.parse((await ws.hereOk(ws.operator('ls', 'latest:etc', '--json'))).stdout) as Listing).entries.map((e) => e.name)).toEqual(['app.yaml']);
    } finally {
      sock.close();
      execFileSync('rm', ['-rf', join(bad, 'nest')]); // past PATH_MAX: fs.rm cannot remove it
    }
  });

  it('a stream command that prints for ever (a log it follows, a file someone appends to) is stopped after --stream-timeout and recorded failed; the others are kept', async () => {
    const ws = new CliWorkspace();
    await ws.setupQuick();
    const ok = join(ws.dir, 'etc');
    mkdirSync(ok);
    writeFileSync(join(ok, 'app.yaml'), 'replicas: 3\n');
    // 0.05 minutes: 3 seconds of `yes` (before, it ran until someone killed the backup)
    const r = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'log=stream:yes', '--source', `etc=dir:${ok}`, '--stream-timeout', '0.05', '--json']);
    expect(r.code, r.stderr).toBe(EXIT.SOURCE_FAILED);
    const out = JSON.parse(r.stdout) as { snapshot: string; failed: { name: string; reason: string }[] };
    expect(out.failed).toEqual([{ name: 'log', reason: expect.stringMatching(/^stream source "log" \(yes\) was still printing after 0\.05 minutes \(\d+ bytes\) and was stopped/), keptData: false }]);
    expect((JSON.parse((await ws.hereOk(ws.operator('ls', 'latest:etc', '--json'))).stdout) as { entries: { name: string }[] }).entries.map((e) => e.name)).toEqual(['app.yaml']);
    const usage = await ws.here(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `etc=dir:${ok}`, '--stream-timeout', 'never']);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('--stream-timeout takes minutes')]);
  });

  it("a sparse file does not make a restore of its folder need its apparent size free (900 GiB of holes refused it on any smaller disk): holes are not counted", async () => {
    const v = await makeVault();
    const src = tempDir();
    writeFileSync(join(src, 'notes.txt'), 'kept\n');
    const data = randomBytes(300_000);
    const fd = openSync(join(src, 'disk.img'), 'w');
    writeSync(fd, data, 0, data.length, 100 * MiB);
    closeSync(fd);
    truncateSync(join(src, 'disk.img'), 256 * MiB);
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`vm=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, tempDir());
    try {
      const target = join(tempDir(), 'out');
      const r = await restore({ reader, snapshot: 'latest', path: 'vm', target, dryRun: false, overwrite: false });
      expect(r.failures).toEqual([]);
      expect(r.plan.bytes).toBe(256 * MiB + 5);
      // what the space check asks for: the data and the pieces around it, not the holes
      expect(r.plan.bytes - holeBytes(reader, r.plan)).toBeLessThan(data.length + 5 + 4 * SMALL_CHUNKS.max);
      expect(statSync(join(target, 'disk.img')).blocks * 512).toBeLessThan(2 * MiB);
      expect(readFileSync(join(target, 'disk.img')).subarray(100 * MiB, 100 * MiB + data.length).equals(data)).toBe(true);
    } finally {
      reader.close();
    }
  });

  // 400,000 empty files of long names pass the 128 MiB a reader takes (~28 s to make and walk here):
  // the bound is proven at 1 MiB, 4,000 such files.
  it('a folder whose listing is past what a tree may hold (400,000 empty files of long names pass 128 MiB) is left unread, not the whole source failed', async () => {
    const v = await makeVault();
    const src = tempDir();
    mkdirSync(join(src, 'flood'));
    writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
    // 244 + 6 characters each: ~400 bytes of listing per entry (the cheapest way past the ceiling)
    const flood = `import os\nfor i in range(4000):\n  os.close(os.open('${'f'.repeat(244)}%06d' % i, os.O_CREAT | os.O_WRONLY, 0o644))\n`;
    execFileSync('python3', ['-c', flood], { cwd: join(src, 'flood') });
    const r = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot: v.cacheRoot, listingMost: 1 << 20 });
    expect(r.failed).toEqual([]);
    expect(r.unread).toEqual([
      { name: 'app', count: 1, first: [{ path: 'flood', reason: expect.stringMatching(/^a folder of 4000 entries whose listing takes 1\.\d+ MiB, more than the 1\.00 MiB a tree may hold/) }] },
    ]);
    const reader = await openVault(v.store, v.identity, tempDir());
    try {
      const target = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot: 'latest', path: 'app', target, dryRun: false, overwrite: false })).refused).toEqual([]);
      expect(readFileSync(join(target, 'app.yaml'), 'utf8')).toBe('replicas: 3\n');
    } finally {
      reader.close();
    }
  });
});
