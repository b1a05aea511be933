import { describe, expect, it, vi } from 'vitest';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { locate } from '../../src/vault/browse.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { restore } from '../../src/ops/restore/restore.js';
import { verifyRestored } from '../../src/ops/restore/verify-restore.js';
import type { VaultReader } from '../../src/vault/reader.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { lockedBucket } from '../helpers/s3.js';
import { RestoreWorkers } from '../../src/vault/restore-workers.js';

/** Small files (some empty), files of many blobs spread over several 64 KiB packs, a folder, a symlink. */
function makeTree(src: string): void {
  mkdirSync(join(src, 'deep', 'er'), { recursive: true });
  for (let i = 0; i < 300; i++) writeFileSync(join(src, i % 3 ? 'deep' : '.', `f-${i}.txt`), randomBytes((i * 7919) % 3000));
  for (let i = 0; i < 3; i++) writeFileSync(join(src, 'deep', 'er', `big-${i}.bin`), randomBytes(300_000 + i * 1000));
  writeFileSync(join(src, 'mode.sh'), '#!/bin/sh\n');
  chmodSync(join(src, 'mode.sh'), 0o750);
  utimesSync(join(src, 'mode.sh'), 1_600_000_000, 1_600_000_000);
  symlinkSync('deep/f-1.txt', join(src, 'link'));
  writeFileSync(Buffer.from(`${src}/latin-\xff\xfe.txt`, 'latin1'), 'a name that is not UTF-8'); // posted to the workers as latin1
}

async function backedUp(store?: BlobStore): Promise<{ v: TestVault; src: string; snapshot: string }> {
  const v = await makeVault({ packSize: 64 * 1024, ...(store && { store }) });
  const src = tempDir();
  makeTree(src);
  const result = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`t=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  return { v, src, snapshot: result.snapshot };
}

/** A reader whose restores go through the restore workers whatever their size (the CLI's threshold is 32 MiB). */
async function workerReader(v: TestVault): Promise<VaultReader> {
  const reader = await openVault(v.store, v.identity, v.cacheRoot);
  reader.workersFromBytes = 0;
  return reader;
}

function sameFile(a: string, b: string): void {
  expect(readFileSync(a).equals(readFileSync(b)), b).toBe(true);
  expect(lstatSync(b).mode & 0o7777, b).toBe(lstatSync(a).mode & 0o7777);
}

/** Flips a byte inside a blob's box, as an attacker with raw disk access would. */
function damage(v: TestVault, reader: VaultReader, blob: string): void {
  const loc = reader.index.get(blob)!;
  const path = join(v.store.url.slice('file://'.length), 'data', loc.pack.slice(0, 2), loc.pack);
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[loc.offset + 20]! ^= 0xff;
  writeFileSync(path, bytes);
  chmodSync(path, 0o444);
}

describe('a large restore, written and read back by worker threads', () => {
  // One local vault backed up once, for every test that only reads it (each restores to its own
  // target through its own reader); the damaged-blob test, which corrupts packs, backs up its own.
  let local: ReturnType<typeof backedUp> | undefined;
  const sharedLocal = () => (local ??= backedUp());

  it.each([
    ['a local vault', sharedLocal],
    ['S3 with Object Lock (packs streamed into shared buffers)', async () => backedUp(await lockedBucket())],
  ])('%s: writes every file exactly (several-blob files across packs too), then reads each back on the workers', async (_name, backedUpIn) => {
    const { v, src, snapshot } = await backedUpIn();
    const reader = await workerReader(v);
    const writes = vi.spyOn(reader, 'writeBlobs');
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot, path: 't', target, dryRun: false, overwrite: false });
    expect(result.failures).toEqual([]);
    expect(writes.mock.calls.length).toBeGreaterThan(3); // one batch per pack at least: the workers wrote
    expect(reader.index.packs.size).toBeGreaterThan(10);
    for (let i = 0; i < 300; i++) sameFile(join(src, i % 3 ? 'deep' : '.', `f-${i}.txt`), join(target, i % 3 ? 'deep' : '.', `f-${i}.txt`));
    for (let i = 0; i < 3; i++) sameFile(join(src, 'deep', 'er', `big-${i}.bin`), join(target, 'deep', 'er', `big-${i}.bin`));
    sameFile(join(src, 'mode.sh'), join(target, 'mode.sh'));
    expect(lstatSync(join(target, 'mode.sh')).mtimeMs).toBe(1_600_000_000_000);
    expect(readlinkSync(join(target, 'link'))).toBe('deep/f-1.txt');
    expect(readFileSync(Buffer.from(`${target}/latin-\xff\xfe.txt`, 'latin1'), 'utf8')).toBe('a name that is not UTF-8');
    expect(reader.checksFiles).toBe(true);
    const snap = await snapshotFor(reader, snapshot);
    expect(await verifyRestored(reader, snap, 't', target)).toEqual([]);
    // The read-back is real: a restored file changed afterwards (same size, same mtime) is named.
    const touched = join(target, 'deep', 'er', 'big-1.bin');
    const bytes = readFileSync(touched);
    bytes[250_000]! ^= 1;
    writeFileSync(touched, bytes);
    const { mtime } = (await locate(reader, snap.manifest, 't/deep/er/big-1.bin')).entry!;
    utimesSync(touched, (mtime + 0.5) / 1e6, (mtime + 0.5) / 1e6); // as restored: to the µs
    expect(await verifyRestored(reader, snap, 't', target)).toEqual([{ type: 'changed', path: 'deep/er/big-1.bin', kind: 'file', fields: ['content'] }]);
    reader.close();
  });

  it('a damaged blob: its one-blob file is never created, a several-blob file is removed, every other file is restored', async () => {
    const { v, src, snapshot } = await backedUp();
    const reader = await workerReader(v);
    const snap = await snapshotFor(reader, snapshot);
    const small = (await locate(reader, snap.manifest, 't/deep/f-4.txt')).entry!;
    const big = (await locate(reader, snap.manifest, 't/deep/er/big-2.bin')).entry!;
    expect(big.blobs!.length).toBeGreaterThan(5);
    damage(v, reader, small.blobs![0]!);
    damage(v, reader, big.blobs![3]!);
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot, path: 't', target, dryRun: false, overwrite: false });
    expect(result.failures.map((f) => f.path).sort()).toEqual(['deep/er/big-2.bin', 'deep/f-4.txt']);
    for (const f of result.failures) expect(f.reason).toMatch(/failed authentication/);
    expect(existsSync(join(target, 'deep', 'f-4.txt'))).toBe(false);
    expect(existsSync(join(target, 'deep', 'er', 'big-2.bin'))).toBe(false);
    sameFile(join(src, 'deep', 'f-5.txt'), join(target, 'deep', 'f-5.txt'));
    sameFile(join(src, 'deep', 'er', 'big-1.bin'), join(target, 'deep', 'er', 'big-1.bin'));
    const left = new Set(result.failures.map((f) => f.path));
    expect(await verifyRestored(reader, snap, 't', target, { leftOut: left })).toEqual([]);
    reader.close();
  });

  it('the read-back on the workers names what changed after the restore, as the walk here would: mode, mtime, kind, removed, added', async () => {
    const { v, snapshot } = await sharedLocal();
    const reader = await workerReader(v);
    const target = join(tempDir(), 'out');
    expect((await restore({ reader, snapshot, path: 't', target, dryRun: false, overwrite: false })).failures).toEqual([]);
    const snap = await snapshotFor(reader, snapshot);
    chmodSync(join(target, 'deep', 'f-1.txt'), 0o751); // written without x bits
    utimesSync(join(target, 'deep', 'f-2.txt'), 1_500_000_000, 1_500_000_000);
    rmSync(join(target, 'deep', 'f-4.txt'));
    symlinkSync('f-7.txt', join(target, 'deep', 'f-4.txt')); // a symlink where a file was: never followed
    rmSync(join(target, 'deep', 'f-5.txt'));
    writeFileSync(join(target, 'deep', 'f-7.txt'), 'other'); // another size
    rmSync(join(target, 'deep', 'f-8.txt'));
    mkdirSync(join(target, 'deep', 'f-8.txt')); // a folder where a file was
    writeFileSync(join(target, 'deep', 'extra.txt'), 'not restored');
    const changes = await verifyRestored(reader, snap, 't', target);
    expect(reader.checksFiles).toBe(true);
    expect(changes).toEqual([
      { type: 'changed', path: 'deep/f-1.txt', kind: 'file', fields: ['mode'] },
      { type: 'changed', path: 'deep/f-2.txt', kind: 'file', fields: ['mtime'] },
      { type: 'changed', path: 'deep/f-4.txt', kind: 'file', fields: ['kind'] },
      { type: 'removed', path: 'deep/f-5.txt', kind: 'file' },
      { type: 'changed', path: 'deep/f-7.txt', kind: 'file', fields: ['content', 'mtime'] },
      { type: 'changed', path: 'deep/f-8.txt', kind: 'file', fields: ['kind'] },
      { type: 'added', path: 'deep/extra.txt', kind: 'file' },
    ]);
    reader.close();
  });

  it('the workers start while the plan walks the trees, not after it; a dry run or a small restore starts none', async () => {
    const { v, src, snapshot } = await sharedLocal();
    const warm = vi.spyOn(RestoreWorkers.prototype, 'warm');
    try {
      const small = await openVault(v.store, v.identity, v.cacheRoot); // the CLI's 32 MiB threshold
      await restore({ reader: small, snapshot, path: 't', target: join(tempDir(), 'small'), dryRun: false, overwrite: false });
      small.close();
      const reader = await workerReader(v);
      await restore({ reader, snapshot, path: 't', target: join(tempDir(), 'dry'), dryRun: true, overwrite: false });
      expect(warm).not.toHaveBeenCalled();
      const trees = vi.spyOn(reader, 'tree');
      const writes = vi.spyOn(reader, 'writeBlobs');
      const target = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot, path: 't', target, dryRun: false, overwrite: false })).failures).toEqual([]);
      const [firstWarm] = warm.mock.invocationCallOrder;
      expect(trees.mock.calls.length).toBeGreaterThan(2);
      expect(firstWarm).toBeLessThan(trees.mock.invocationCallOrder.at(-1)!); // before the plan's last tree
      expect(firstWarm).toBeLessThan(writes.mock.invocationCallOrder[0]!);
      sameFile(join(src, 'deep', 'er', 'big-2.bin'), join(target, 'deep', 'er', 'big-2.bin'));
      expect(await verifyRestored(reader, await snapshotFor(reader, snapshot), 't', target)).toEqual([]);
      reader.close();
    } finally {
      warm.mockRestore();
    }
  });

  it('a cancel mid-way leaves nothing: no target, no staging folder', async () => {
    const { v, snapshot } = await sharedLocal();
    const reader = await workerReader(v);
    const parent = tempDir();
    const target = join(parent, 'out');
    const abort = new AbortController();
    let events = 0;
    const run = restore({ reader, snapshot, path: 't', target, dryRun: false, overwrite: false, signal: abort.signal, progress: () => void (++events === 3 && abort.abort(new Error('cancelled by the operator'))) });
    await expect(run).rejects.toThrow(/cancelled by the operator/);
    expect(events).toBeGreaterThanOrEqual(3);
    expect(readdirSync(parent)).toEqual([]);
    reader.close();
  });
});
