import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock } from '../../src/util/clock.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';

/** What a thief of WRITER.json sees: every blob id the shared index lists, and an id oracle. */
async function writerView(store: BlobStore, credential: WriterCredential) {
  const { config } = await loadConfig(store, Buffer.from(credential.custodyPublic, 'base64'));
  const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
  const index = await loadIndex(store, keys.indexKey, config.body.writers);
  return { index, idOf: (plain: string | Buffer) => keys.blobId(typeof plain === 'string' ? Buffer.from(plain) : plain) };
}

/** The ids the agent's cache names: the blobs of its last snapshot. */
function cachedIds(cacheRoot: string): string {
  const files = readdirSync(cacheRoot, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('private-'));
  return files.map((f) => readFileSync(join(cacheRoot, f)).toString('hex')).join('');
}

describe('a thief of the writer credential guesses small secrets through the index', () => {
  it('finds nothing: small blobs are indexed only for the recipients; large chunks still dedup through the shared index', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    writeFileSync(join(src, 'pin.env'), 'PIN=4821\n');
    const big = randomBytes(300_000);
    writeFileSync(join(src, 'big.bin'), big);
    const run = (cacheRoot = v.cacheRoot) =>
      backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot });
    await run();
    writeFileSync(join(src, 'pin.env'), 'PIN=0000\n'); // the secret is rotated; the old one lives only in the vault
    await run();

    const thief = await writerView(store, v.writer);
    const guesses = Array.from({ length: 10_000 }, (_, n) => `PIN=${String(n).padStart(4, '0')}\n`);
    expect(guesses.filter((g) => thief.index.has(thief.idOf(g)))).toEqual([]);
    // The agent's cache names only what exists now, never the rotated secret.
    expect(cachedIds(v.cacheRoot)).not.toContain(thief.idOf('PIN=4821\n'));
    // Chunks of large files are still in the shared index (at least the first 256 KiB of big.bin is).
    expect([...thief.index.entries()].length).toBeGreaterThan(0);

    // The operator reads both versions.
    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    for (const [snap, pin] of [[snapshots[0]!, 'PIN=4821\n'], [snapshots[1]!, 'PIN=0000\n']] as const) {
      const target = join(tempDir(), 'out');
      const result = await restore({ reader, snapshot: snap.id, path: 'app', target, dryRun: false, overwrite: false });
      expect(result.failures).toEqual([]);
      expect(readFileSync(join(target, 'pin.env'), 'utf8')).toBe(pin);
      expect(readFileSync(join(target, 'big.bin')).equals(big)).toBe(true);
    }
  });

  it('costs nothing while the agent keeps its cache, and one upload of the small files when it loses it', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const src = tempDir();
    for (let i = 0; i < 200; i++) writeFileSync(join(src, `f${i}.yaml`), `replicas: ${i}\nimage: app:${i}\n`);
    const run = (cacheRoot = v.cacheRoot) =>
      backup({ store, credential: v.writer, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot });
    const first = await run();
    // An unchanged day: no file data again (only the snapshot's own index segment).
    expect((await run()).bytesAdded).toBeLessThan(first.bytesAdded / 4);
    // A fresh agent (cache lost): the small files go up once more, and dedup resumes after.
    const fresh = tempDir();
    expect((await run(fresh)).bytesAdded).toBeGreaterThan(first.bytesAdded / 2);
    rmSync(join(src, 'f0.yaml'));
    expect((await run(fresh)).bytesAdded).toBeLessThan(first.bytesAdded / 4);
    const reader = await openVault(store, v.identity, tempDir());
    const { snapshots } = await reader.snapshots();
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot: snapshots[snapshots.length - 1]!.id, path: 'app', target, dryRun: false, overwrite: false });
    expect(result.failures).toEqual([]);
    expect(readdirSync(target)).toHaveLength(199);
    expect(readFileSync(join(target, 'f7.yaml'), 'utf8')).toBe('replicas: 7\nimage: app:7\n');
  });
});
