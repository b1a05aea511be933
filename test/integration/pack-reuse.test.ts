import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { snapshotFor } from '../../src/ops/snapshot-ref.js';
import { locate } from '../../src/vault/browse.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { restore } from '../../src/ops/restore/restore.js';

/** The store, counting each whole (not ranged) read of a pack by key. */
function countingWholeReads(store: BlobStore): { store: BlobStore; whole: Map<string, number> } {
  const whole = new Map<string, number>();
  const counting = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (name !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (key: string, opts?: { range?: unknown }) => {
        if (key.startsWith('data/') && !opts?.range) whole.set(key, (whole.get(key) ?? 0) + 1);
        return (value as (k: string, o?: unknown) => Promise<Buffer>).call(target, key, opts);
      };
    },
  });
  return { store: counting, whole };
}

/**
 * A restore reuses the buffers of evicted whole packs and of written blobs (PackReader, BufferPool).
 * Many concurrent readers over more packs than are kept in memory, releasing as they go, must
 * each get exactly their own bytes: a buffer reused while someone still reads it would show here.
 */
describe('reading through reused pack and blob buffers', () => {
  it('returns every blob intact to 16 concurrent readers across 100+ packs', async () => {
    const v = await makeVault({ packSize: 64 * 1024 });
    const src = tempDir();
    mkdirSync(join(src, 'd'));
    for (let f = 0; f < 240; f++) writeFileSync(join(src, 'd', `f-${f}`), randomBytes(20_000 + ((f * 7919) % 60_000)));
    const result = await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`t=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const reader = await openVault(v.store, v.identity, v.cacheRoot);
    expect(reader.index.packs.size).toBeGreaterThan(100);
    const snap = await snapshotFor(reader, result.snapshot);
    const dir = (await locate(reader, snap.manifest, 't/d')).entry!;
    const files = (await reader.tree(dir.subtree!)).entries;
    const packs = files.flatMap((e) => (e.blobs ?? []).map((id) => reader.index.get(id)!.pack));
    const uses = new Map<string, number>();
    for (const p of packs) uses.set(p, (uses.get(p) ?? 0) + 1);
    reader.packs.preferWhole(uses);
    reader.packs.wholeBytesKept = 1; // every new pack evicts the least recently used: pins must hold
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let k = next++; k < files.length; k = next++) {
        const e = files[k]!;
        const parts: Buffer[] = [];
        for (const id of e.blobs ?? []) {
          const bytes = await reader.blob(id);
          parts.push(Buffer.from(bytes)); // a copy: the original goes back to the pool now
          reader.release(bytes);
        }
        expect(Buffer.concat(parts).equals(readFileSync(join(src, 'd', e.name)))).toBe(true);
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
  });

  it('reads each pack once when a restore wants its blobs from the first file to the last', async () => {
    const v = await makeVault({ packSize: 64 * 1024 });
    const src = tempDir();
    for (let f = 0; f < 120; f++) writeFileSync(join(src, `f-${String(f).padStart(3, '0')}`), randomBytes(4_000 + f * 50));
    await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`t=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    const { store: counting, whole } = countingWholeReads(v.store);
    const reader = await openVault(counting, v.identity, tempDir());
    const root = (await locate(reader, (await snapshotFor(reader, 'latest')).manifest, 't')).entry!;
    const tree = (await reader.tree(root.subtree!)).entries;
    // Round robin over the packs: every pack is wanted again long after four others were read.
    const byPack = new Map<string, string[]>();
    for (const e of tree) for (const id of e.blobs ?? []) byPack.set(reader.index.get(id)!.pack, [...(byPack.get(reader.index.get(id)!.pack) ?? []), id]);
    expect(byPack.size).toBeGreaterThan(5);
    const order: string[] = [];
    for (let i = 0; order.length < tree.length; i++) for (const ids of byPack.values()) if (ids[i]) order.push(ids[i]!);
    reader.packs.preferWhole([...byPack].map(([p, ids]) => [p, ids.length]));
    for (const id of order) reader.release(await reader.blob(id));
    expect([...whole.values()].every((n) => n === 1)).toBe(true);
    expect(whole.size).toBe(byPack.size);
  });

  it('a restore whose tree order jumps between packs reads each pack once, holding two, and lets all go after', async () => {
    const v = await makeVault({ packSize: 64 * 1024 });
    const src = tempDir();
    const written = new Map<number, Buffer>();
    const put = (f: number) => {
      written.set(f, randomBytes(6_000 + f * 37));
      writeFileSync(join(src, `f-${String(f).padStart(3, '0')}`), written.get(f)!);
    };
    const run = () => backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`t=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    // Three backups, each adding every third file: in tree order each file is in another pack than
    // the one before, three packs in rotation, where only two are kept.
    for (const first of [0, 1, 2]) {
      for (let f = first; f < 160; f += 3) put(f);
      await run();
    }
    const { store: counting, whole: counted } = countingWholeReads(v.store);
    const reader = await openVault(counting, v.identity, tempDir());
    try {
      reader.packs.wholeBytesKept = 2 * 64 * 1024; // the pack being read and the one ahead
      const out = join(tempDir(), 'out');
      // A dry run first, as the console and `restore --dry-run` do: planning holds nothing.
      await restore({ reader, snapshot: 'latest', path: 't', target: out, dryRun: true, overwrite: false });
      const result = await restore({ reader, snapshot: 'latest', path: 't', target: out, dryRun: false, overwrite: false });
      expect(result.failures).toEqual([]);
      expect(counted.size).toBeGreaterThan(8);
      expect([...counted.values()].filter((n) => n > 1)).toEqual([]);
      expect(reader.packs.wholeBytesHeld).toBe(0);
      for (const [f, bytes] of written) expect(readFileSync(join(out, `f-${String(f).padStart(3, '0')}`)).equals(bytes)).toBe(true);
    } finally {
      reader.close();
    }
  });
});
