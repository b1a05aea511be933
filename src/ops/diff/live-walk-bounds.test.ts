import { describe, expect, it } from 'vitest';
import { lstatSync, mkdirSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { RogueWriter } from '../../../test/helpers/rogue-tree.js';
import { openVault } from '../open-vault.js';
import { diffSnapshots } from './diff.js';
import { liveChildren } from '../../sources/dir/live-node.js';
import { LiveHasher } from '../../sources/dir/live-hash.js';
import { Chunker } from '../../chunker/fastcdc.js';
import { isBulkheadError } from '../../util/errors.js';
import { diffChildren, type Change } from './diff-entries.js';

const PROC_MAGIC = 0x9fa0;
const hasher = { chunker: new Chunker(Buffer.alloc(32, 1)), blobId: (b: Uint8Array) => String(b.length), excluded: () => false };

/**
 * A dir source's folder is its writer's word, and `diff --live` (the console's Incident too) walks
 * that folder on the operator's machine: a hijacked agent's snapshot can name /proc, whose kcore
 * claims 128 TiB (hashed at the size the snapshot claims, it never ends), or `/`, the whole disk.
 */
describe('the live side of a diff, walked where a snapshot says', () => {
  it('is not compared on a kernel file system, and says so; the other sources are', async () => {
    const v = await makeVault();
    const app = tempDir();
    writeFileSync(join(app, 'deploy.yaml'), 'replicas: 3\n');
    const rogue = await RogueWriter.open(v.store, v.writer);
    const kcore = lstatSync('/proc/kcore', { throwIfNoEntry: false });
    const forged = await rogue.snapshot([
      { name: 'kernel', locator: '/proc', root: await rogue.tree([await rogue.file('kcore', 'x', { size: kcore?.size ?? 1 })]) },
      { name: 'app', locator: app, root: await rogue.tree([await rogue.file('deploy.yaml', 'replicas: 2\n')]) },
    ]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const live = await diffSnapshots(reader, forged, 'live');
    expect(live.sources.map((s) => [s.name, s.status, s.counts.changed])).toEqual([
      ['app', 'compared', 1],
      ['kernel', 'not-comparable', 0],
    ]);
    expect(live.sources[1]!.note).toBe('the live folder /proc is on a proc file system of the kernel, not a disk: it was not compared');
    reader.close();
  });

  it('walks the folder a magic link resolves to: /proc/self/root is `/`, its /proc not entered (red team 6)', async () => {
    const v = await makeVault();
    const rogue = await RogueWriter.open(v.store, v.writer);
    const pagemap = await rogue.file('pagemap', '', { mode: 0o400 });
    const excludes = ['[^p]*/*', 'proc/[^0-9]*', 'proc/*/[^p]*', 'proc/*/p[^a]*'];
    const forged = await rogue.snapshot([{ name: 'root', locator: '/proc/self/root', excludes, root: await rogue.tree([await rogue.dir('proc', [await rogue.dir(String(process.pid), [pagemap])])]) }]);
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    const live = await diffSnapshots(reader, forged, 'live');
    const [root] = live.sources;
    expect(root!.status).toBe('compared');
    // /proc is compared as an empty folder: the process's 256 GiB pagemap (size 0 as the snapshot's) is never read
    expect(root!.changes.filter((c) => c.path?.startsWith('proc/')).map((c) => `${c.type} ${c.path}`)).toEqual([`removed proc/${process.pid}`, `removed proc/${process.pid}/pagemap`]);
    reader.close();
  });

  it('does not enter a kernel file system mounted below the folder: /proc under / is an empty folder', async () => {
    expect(statfsSync('/proc').type).toBe(PROC_MAGIC); // the machine's /proc is the kernel's
    const root = liveChildren(Buffer.from('/'), hasher);
    const proc = root.get('proc')!;
    expect(proc.kind).toBe('dir');
    expect((await proc.children()).size).toBe(0);
  });

  it('stops past its ceiling of entries with why, not after listing the whole disk', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'a'));
    for (let i = 0; i < 5; i++) writeFileSync(join(root, 'a', `f${i}`), 'x');
    const top = liveChildren(Buffer.from(root), hasher, undefined, 4);
    const walked = top.get('a')!.children();
    await expect(walked).rejects.toSatisfy((e) => isBulkheadError(e, 'USAGE'));
    await expect(walked).rejects.toThrow(`the live folder ${root} holds more than 4 entries, far more than the snapshot: it was not walked further`);
  });

  it('reads a file as the regular file its lstat found: never through a symlink put in its place, never waiting on a FIFO', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret'), 'operator only\n');
    symlinkSync(join(dir, 'secret'), join(dir, 'swapped'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const read = new LiveHasher(hasher);
    await expect(read.blobs(Buffer.from(join(dir, 'swapped')), 14)).rejects.toThrow(/ELOOP/);
    expect(await read.blobs(Buffer.from(join(dir, 'fifo')), 0)).toEqual(['0']); // no writer: empty at once, not a wait for ever
    writeFileSync(join(dir, 'grew'), '0123456789');
    expect(await read.blobs(Buffer.from(join(dir, 'grew')), 3)).toEqual(['4']); // one byte past its lstat size, not on to its end
  });
});

describe('a diff against live in the console core', () => {
  it('gives the event loop turns while it walks, so the core answers other calls meanwhile', async () => {
    const [a, b] = [tempDir(), tempDir()];
    for (const root of [a, b]) for (let i = 0; i < 2100; i++) writeFileSync(join(root, `f${i}`), root === a ? 'same\n' : 'other\n');
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    turns = 0; // counted from the diff's start: what ran while it walked
    const out: Change[] = [];
    await diffChildren(liveChildren(Buffer.from(a), hasher), liveChildren(Buffer.from(b), hasher), '', out);
    ticking = false;
    expect(out).toHaveLength(2100); // every file changed (its size): each lstat and comparison synchronous
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
