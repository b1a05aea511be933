import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../storage/blob-store.js';
import { packKey } from './blob-index.js';
import { makeVault, tempDir } from '../../test/helpers/vault.js';
import { backupFolder } from '../../test/helpers/folder-restore.js';
import { VaultReader } from './reader.js';
import { snapshotPacks } from './snapshot-packs.js';

/** The store, answering `get(key)` with the bytes of `other` instead: a snapshot object replaced under the reader. */
function swapped(store: BlobStore, key: string, other: string): BlobStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'get') return (k: string) => target.get(k === key ? other : k);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("a listed snapshot's pack list, read again", () => {
  it('is the packs its backup wrote, and a snapshot whose content changed since the listing is refused', async () => {
    const v = await makeVault();
    const src = tempDir();
    mkdirSync(join(src, 'd'));
    writeFileSync(join(src, 'd', 'a.bin'), Buffer.alloc(300_000, 7));
    await backupFolder(v, src);
    writeFileSync(join(src, 'd', 'b.bin'), Buffer.alloc(300_000, 9));
    await backupFolder(v, src);
    const reader = await VaultReader.open(v.store, v.identity, undefined, { lazyIndex: true });
    const [first, second] = (await reader.snapshots()).snapshots;
    const packs = await snapshotPacks(v.store, reader.config, reader.identity, first!);
    const packsThen = await snapshotPacks(v.store, reader.config, reader.identity, second!);
    const stored = new Set((await v.store.list('data/')).map((o) => o.key));
    expect(packs.length).toBeGreaterThan(0);
    for (const p of [...packs, ...packsThen]) expect(stored.has(packKey(p))).toBe(true);
    // each names every pack it needs: the second, a.bin's (written by the first) and the ones it wrote
    expect(packsThen.some((p) => packs.includes(p))).toBe(true);
    expect(packsThen.some((p) => !packs.includes(p))).toBe(true);
    await expect(snapshotPacks(swapped(v.store, first!.key, second!.key), reader.config, reader.identity, first!)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining(first!.id) as string });
  });

  it('says when the store no longer lists the snapshot', async () => {
    const v = await makeVault();
    const src = tempDir();
    writeFileSync(join(src, 'a'), 'x');
    await backupFolder(v, src);
    const reader = await VaultReader.open(v.store, v.identity, undefined, { lazyIndex: true });
    const [snap] = (await reader.snapshots()).snapshots;
    const gone = { ...snap!, key: snap!.key.replace(/[0-9a-f]{16}/, '0000000000000000') };
    await expect(snapshotPacks(v.store, reader.config, reader.identity, gone)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
