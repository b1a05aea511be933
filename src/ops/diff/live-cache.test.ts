import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { backup } from '../backup/backup.js';
import { openVault } from '../open-vault.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { snapshotFor } from '../snapshot-ref.js';
import { treeChildren } from '../../sources/tree-node.js';
import { liveChildren } from '../../sources/dir/live-node.js';
import type { LiveStatCache } from '../../sources/dir/live-stat-cache.js';
import type { VaultReader } from '../../vault/reader.js';
import { diffChildren, type Change } from './diff-entries.js';
import { diffSnapshots } from './diff.js';
import { liveHasher } from './live-compare.js';
import { liveStatCache } from './live-cache.js';

/** Ten seconds from now: the test's files are then old enough to be cached (not racy). */
const later = () => BigInt(Date.now() + 10_000) * 1_000_000n;

async function backedUp() {
  const v = await makeVault();
  const root = tempDir();
  mkdirSync(join(root, 'conf'));
  mkdirSync(join(root, 'gone-dir'));
  for (const [p, body] of [['conf/app.yaml', 'replicas: 3\n'], ['conf/db.yaml', 'host: db\n'], ['run.sh', '#!/bin/sh\n'], ['old.txt', 'old\n'], ['gone-dir/x', 'x'], ['same.txt', 'same\n']] as const) {
    writeFileSync(join(root, p), body);
    utimesSync(join(root, p), 1_700_000_000, 1_700_000_000);
  }
  symlinkSync('conf/app.yaml', join(root, 'link'));
  // Names that are not ASCII, one not even UTF-8: the live side keys them as the snapshot does.
  writeFileSync(join(root, 'conf', 'café.yaml'), 'a: 1\n');
  const odd = Buffer.concat([Buffer.from(join(root, 'conf')), Buffer.from([0x2f, 0x66, 0xe9, 0xff])]);
  writeFileSync(odd, 'latin1\n');
  for (const p of [join(root, 'conf', 'café.yaml'), odd]) utimesSync(p, 1_700_000_000, 1_700_000_000);
  const result = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${root}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  const reader = await openVault(v.store, v.identity, v.cacheRoot);
  return { v, root, reader, snapshot: result.snapshot };
}

/** The diff of the snapshot's source against the live folder, through `cache` or none. */
async function changes(reader: VaultReader, snapshot: string, root: string, cache?: LiveStatCache): Promise<Change[]> {
  const source = (await snapshotFor(reader, snapshot)).manifest.sources[0]!;
  const out: Change[] = [];
  await diffChildren(await treeChildren(reader, await reader.tree(source.root)), liveChildren(Buffer.from(root), liveHasher(reader), cache), '', out);
  await cache?.save();
  return out;
}

describe('diff against live through the stat cache of live hashes', () => {
  it('finds the same changes with and without the cache (edits, adds, removals, chmods, symlinks), cold and warm', async () => {
    const { root, reader, snapshot } = await backedUp();
    writeFileSync(join(root, 'conf', 'app.yaml'), 'replicas: 0\n'); // same size, mtime set back below
    utimesSync(join(root, 'conf', 'app.yaml'), 1_700_000_000, 1_700_000_000);
    writeFileSync(join(root, 'conf', 'db.yaml'), 'host: db.internal\n');
    chmodSync(join(root, 'run.sh'), 0o755);
    rmSync(join(root, 'old.txt'));
    rmSync(join(root, 'gone-dir'), { recursive: true });
    writeFileSync(join(root, 'new.txt'), 'new\n');
    rmSync(join(root, 'link'));
    symlinkSync('conf/db.yaml', join(root, 'link'));

    const plain = await changes(reader, snapshot, root);
    const summary = plain.map((c) => `${c.type} ${c.path} ${c.fields?.join('+') ?? ''}`.trim());
    expect(summary).toEqual(['changed conf/app.yaml content', 'changed conf/db.yaml content+mtime', 'removed gone-dir', 'removed gone-dir/x', 'changed link target+mtime', 'added new.txt', 'removed old.txt', 'changed run.sh mode']);
    const cold = await liveStatCache(reader, Buffer.from(root), later());
    expect(await changes(reader, snapshot, root, cold)).toEqual(plain);
    expect(cold.counts.reused).toBe(0);
    const warm = await liveStatCache(reader, Buffer.from(root), later());
    expect(await changes(reader, snapshot, root, warm)).toEqual(plain);
    expect(warm.counts).toEqual({ reused: cold.counts.added, added: 0 });
    expect(warm.counts.reused).toBeGreaterThan(0);
    // The diff verb (CLI and console) on the same folder: the same changes.
    expect((await diffSnapshots(reader, snapshot, 'live')).sources[0]!.changes).toEqual(plain);
  });

  it("does not use a cache another vault and identity wrote (not an error), and keeps it in the vault's cache folder", async () => {
    const a = await backedUp();
    const b = await backedUp();
    const cacheA = await liveStatCache(a.reader, Buffer.from(a.root), later());
    await changes(a.reader, a.snapshot, a.root, cacheA);
    expect(cacheA.counts.added).toBeGreaterThan(0);
    const fileA = readdirSync(a.reader.cacheDir!).find((f) => f.startsWith('live-'));
    expect(fileA).toBe(`live-${a.reader.identity.recipientFingerprint}.sealed`);
    // B's reader finds A's file under B's name, for A's folder: sealed under another key, ignored.
    copyFileSync(join(a.reader.cacheDir!, fileA!), join(b.reader.cacheDir!, `live-${b.reader.identity.recipientFingerprint}.sealed`));
    const cacheB = await liveStatCache(b.reader, Buffer.from(a.root), later());
    await changes(b.reader, b.snapshot, a.root, cacheB);
    expect(cacheB.counts.reused).toBe(0);
    expect(existsSync(join(b.reader.cacheDir!, `live-${b.reader.identity.recipientFingerprint}.sealed`))).toBe(true);
  });
});
