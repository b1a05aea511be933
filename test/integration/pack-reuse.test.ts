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
    reader.packs.preferWhole(packs);
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
});
