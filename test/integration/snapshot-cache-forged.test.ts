import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countingReads } from '../helpers/counting-store.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { listSnapshots } from '../../src/vault/snapshot-list.js';
import { snapshotCache } from '../../src/vault/snapshot-cache.js';
import { encodeVerdicts } from '../../src/vault/snapshot-cache-codec.js';
import { writeSealedJson } from '../../src/vault/sealed-file.js';
import { snapshotKey } from '../../src/vault/snapshot.js';
import { DAY_MS } from '../../src/util/clock.js';

/** A local vault with three real backups, read by a reader that loads its index only when a blob is needed. */
async function vaultOfThree() {
  const v = await makeVault();
  const src = tempDir();
  for (let i = 0; i < 3; i++) {
    writeFileSync(join(src, `f${i}`), `content ${i}\n`);
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`cfg=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
  }
  const reader = await openVault(v.store, v.identity, tempDir(), { lazyIndex: true });
  const cacheDir = reader.cacheDir!;
  const look = async () => {
    const counted = countingReads(v.store, 'snapshots/');
    const listing = await listSnapshots(counted.store, reader.config, v.identity, { cacheDir });
    const summary = { ids: listing.snapshots.map((s) => s.id), warnings: listing.snapshots.flatMap((s) => s.warnings), tampered: listing.tampered };
    return { listing, summary, reads: counted.reads() };
  };
  const path = join(cacheDir, `snapshots-${v.identity.recipientFingerprint}.sealed`);
  return { v, reader, look, path, cache: snapshotCache(cacheDir, v.identity, reader.config.vaultId) };
}

describe('the snapshot cache, forged, stale or read past', () => {
  it('answers the next look without a read; a tampered or foreign-key cache is read past, every snapshot verified again', async () => {
    const { v, reader, look, path } = await vaultOfThree();
    const first = await look();
    expect([first.summary.ids.length, first.reads]).toEqual([3, 3]);
    const second = await look();
    expect([second.summary, second.reads]).toEqual([first.summary, 0]);

    const sealed = readFileSync(path);
    sealed[sealed.length - 3]! ^= 1;
    writeFileSync(path, sealed);
    expect(await look()).toMatchObject({ summary: first.summary, reads: 3 });

    // A junk object under snapshots/, then a cache under another key that calls it a good snapshot.
    const junkKey = snapshotKey(new Date().toISOString(), 'ab'.repeat(8));
    await v.store.put(junkKey, randomBytes(300), { retainUntil: new Date(Date.now() + DAY_MS) });
    const withJunk = await look();
    expect(withJunk.summary.tampered).toEqual([expect.stringContaining(junkKey)]);
    const junkVersion = (await v.store.list('snapshots/')).find((o) => o.key === junkKey)!;
    const real = first.listing.snapshots[0]!;
    const forged = encodeVerdicts({
      opened: new Map([[junkKey, { version: `${junkVersion.versionId ?? ''}:${junkVersion.size}:${junkVersion.lastModified.getTime()}`, hash: real.hash, id: real.id, time: real.time, writer: real.writerId, verifiedWith: reader.config.writers[0]!.publicKey, manifest: real.manifest }]]),
      unopened: new Map(),
    });
    await writeSealedJson(path, randomBytes(32), 'bulkhead/v1/snapshot-cache/3', forged);
    expect(await look()).toMatchObject({ summary: withJunk.summary, reads: 4 });

    // The lazy reader loaded no index for any of it; a tree read loads it.
    expect(() => reader.index).toThrow(/not loaded/);
    await reader.tree(real.manifest.sources[0]!.root);
    expect(reader.index.size).toBeGreaterThan(0);
    reader.close();
  });

  it('an entry for another version of a key (a file replaced since) is judged again: the replacement is refused', async () => {
    const { v, look } = await vaultOfThree();
    const first = await look();
    const victim = first.listing.snapshots[1]!;
    const file = join(v.store.url.slice('file://'.length), victim.key);
    await sleep(20); // past a coarse clock tick: the replacement's time differs
    chmodSync(file, 0o644);
    writeFileSync(file, randomBytes(400));
    chmodSync(file, 0o444);
    const after = await look();
    expect(after.reads).toBe(1);
    expect(after.summary.ids).toEqual(first.summary.ids.filter((id) => id !== victim.id));
    expect(after.summary.tampered).toEqual([expect.stringContaining(victim.key)]);
  });

  it('the verdicts saved under the real key are used only for the version they name', async () => {
    const { look, cache } = await vaultOfThree();
    const first = await look();
    const saved = await cache.load();
    const [key, entry] = [...saved.opened][2]!;
    saved.opened.set(key, { ...entry, version: `${entry.version}0` }); // as if read from an earlier version
    await cache.save(saved);
    expect(await look()).toMatchObject({ summary: first.summary, reads: 1 });
  });
});
