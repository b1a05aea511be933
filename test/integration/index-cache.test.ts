import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { readIndexCache } from '../../src/vault/index-cache.js';
import type { BlobIndex } from '../../src/vault/blob-index.js';

/** Every blob's location and who vouches for it: what a backup's dedup reads from the index. */
const view = (index: BlobIndex) => [...index.packs.keys()].sort().map((p) => [p, index.packs.get(p)!.vouched]);

describe('the consolidated index cache', () => {
  it('gives the same index as opening every segment, opens only new segments, and follows revocation', async () => {
    const v = await makeVault();
    const src = tempDir();
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(src, 'state.txt'), `hour ${i}\n${'x'.repeat(20_000 * (i + 1))}`);
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    }
    const { config } = await loadConfig(v.store, v.identity.custodyPublic);
    const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
    const cacheDir = tempDir();
    const fresh = await loadIndex(v.store, keys.indexKey, config.body.writers);
    const first = await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir);
    const cached = await readIndexCache(join(cacheDir, 'opened.bin'), keys.indexKey);
    expect(cached.opened.size).toBe(readdirSync(join(cacheDir)).filter((f) => f !== 'opened.bin').length);
    expect(view(first)).toEqual(view(fresh));
    expect(view(fresh).every(([, vouched]) => vouched)).toBe(true);

    // A second load reads no segment file: remove them all and it still knows every pack.
    for (const f of readdirSync(cacheDir)) if (f !== 'opened.bin') writeFileSync(join(cacheDir, f), 'not a segment');
    expect(view(await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir))).toEqual(view(fresh));

    // The writer revoked since: what the cache says it signed no longer counts for dedup.
    const revoked = config.body.writers.map((w) => ({ ...w, revoked: new Date().toISOString() }));
    const after = await loadIndex(v.store, keys.indexKey, revoked, cacheDir);
    expect(view(after).every(([, vouched]) => !vouched)).toBe(true);

    // A recipient's load (small blobs from the private parts) is the same from its caches, segment files gone.
    const secret = v.identity.decryptionSecret;
    const readerDir = tempDir();
    const direct = await loadIndex(v.store, keys.indexKey, config.body.writers, undefined, secret);
    await loadIndex(v.store, keys.indexKey, config.body.writers, readerDir, secret);
    for (const f of readdirSync(readerDir)) if (f.length === 64) writeFileSync(join(readerDir, f), 'not a segment');
    const again = await loadIndex(v.store, keys.indexKey, config.body.writers, readerDir, secret);
    expect(again.size).toBe(direct.size);
    expect(again.size).toBeGreaterThan(fresh.size); // the small blobs only recipients can locate
    expect(again.damagedSegments).toEqual([]);

    // A cache sealed under another key is ignored, never trusted.
    const other = new VaultKeys(Buffer.alloc(32, 7));
    expect((await readIndexCache(join(cacheDir, "opened.bin"), other.indexKey)).opened.size).toBe(0);
    keys.wipe();
    other.wipe();
  });

  it('keeps segments opened since in small files beside the main one, and writes it whole again only after many', async () => {
    const v = await makeVault();
    const src = tempDir();
    const hour = async (i: number) => {
      writeFileSync(join(src, 'state.txt'), `hour ${i}\n${'y'.repeat(30_000 + i)}`);
      await backup({ store: v.store, credential: v.writer, sources: [parseSourceSpec(`s=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot: v.cacheRoot });
    };
    await hour(0);
    const { config } = await loadConfig(v.store, v.identity.custodyPublic);
    const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
    const cacheDir = tempDir();
    const main = join(cacheDir, 'opened.bin');
    const additions = () => readdirSync(cacheDir).filter((f) => f.startsWith('opened.bin.added-'));
    await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir);
    const whole = readFileSync(main);

    await hour(1);
    await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir);
    expect(readFileSync(main)).toEqual(whole); // not sealed again for one new segment
    expect(additions()).toHaveLength(1);
    // What it knows comes from the main file and the addition: every segment copy replaced by junk changes nothing.
    for (const f of readdirSync(cacheDir)) if (!f.startsWith('opened.bin')) writeFileSync(join(cacheDir, f), 'not a segment');
    const direct = await loadIndex(v.store, keys.indexKey, config.body.writers);
    const fromCache = await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir);
    expect(view(fromCache)).toEqual(view(direct));
    expect(fromCache.damagedSegments).toEqual([]);

    for (let i = 2; i < 18; i++) {
      await hour(i);
      await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir);
    }
    expect(additions()).toHaveLength(0); // the 17th addition wrote the main file whole and removed the others
    expect(readFileSync(main)).not.toEqual(whole);
    expect(view(await loadIndex(v.store, keys.indexKey, config.body.writers, cacheDir))).toEqual(view(await loadIndex(v.store, keys.indexKey, config.body.writers)));
    keys.wipe();
  });
});
