import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVault, tempDir } from '../../../test/helpers/vault.js';
import { backup } from './backup.js';
import { parseSourceSpec } from '../../sources/spec.js';
import { loadConfig } from '../../vault/load-config.js';
import { loadIndex } from '../../vault/load-index.js';
import { VaultKeys } from '../../vault/vault-keys.js';
import { readIndexCache } from '../../vault/index-cache.js';

describe('the index cache of a load that cannot open private parts', () => {
  it('keeps segments without them, and a recipient sharing the folder opens those again', async () => {
    const v = await makeVault();
    const src = tempDir();
    for (let i = 0; i < 2; i++) {
      for (let f = 0; f < 5; f++) writeFileSync(join(src, `small-${i}-${f}.txt`), `small ${i} ${f}\n`); // small blobs: private parts
      writeFileSync(join(src, `large-${i}.bin`), Buffer.alloc(50_000, i + 1));
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    }
    const { config } = await loadConfig(v.store, v.identity.custodyPublic);
    const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
    const writers = config.body.writers;
    const secret = v.identity.decryptionSecret;
    const cacheDir = tempDir();
    const cached = async () => [...(await readIndexCache(join(cacheDir, 'opened.bin'), keys.indexKey)).opened.values()];

    const writerView = await loadIndex(v.store, keys.indexKey, writers);
    const readerView = await loadIndex(v.store, keys.indexKey, writers, undefined, secret);
    expect(readerView.size).toBeGreaterThan(writerView.size); // the small blobs only recipients locate

    expect((await loadIndex(v.store, keys.indexKey, writers, cacheDir)).size).toBe(writerView.size);
    const left = await cached();
    expect(left.every((s) => s.segment.sealed === undefined)).toBe(true);
    expect(left.filter((s) => s.privateLeftOut).length).toBeGreaterThan(0);

    // A recipient's load from the same folder opens them again (from the segment copies): every small blob found.
    const reader = await loadIndex(v.store, keys.indexKey, writers, cacheDir, secret);
    expect([reader.size, reader.damagedSegments]).toEqual([readerView.size, []]);
    expect((await cached()).some((s) => s.segment.sealed !== undefined)).toBe(true);
    expect((await loadIndex(v.store, keys.indexKey, writers, cacheDir, secret)).size).toBe(readerView.size);

    // The next writer's load leaves them out again (the cache as a recipient or an older version wrote it).
    expect((await loadIndex(v.store, keys.indexKey, writers, cacheDir)).size).toBe(writerView.size);
    expect((await cached()).every((s) => s.segment.sealed === undefined)).toBe(true);
    keys.wipe();
  });
});
