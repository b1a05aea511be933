import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { systemClock, DAY_MS } from '../../src/util/clock.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { VaultWriter } from '../../src/vault/writer.js';
import { PackBuilder } from '../../src/vault/pack.js';
import { packKey } from '../../src/vault/blob-index.js';
import { compressBytes } from '../../src/vault/blob-codec.js';
import { sealSegment } from '../../src/vault/index-segment.js';
import { encodeTree } from '../../src/vault/tree.js';
import { seal } from '../../src/crypto/aead.js';
import { sha256Hex } from '../../src/crypto/blob-id.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';

const MiB = 1024 * 1024;
/** About 16 KB of zstd frames that declare, and inflate to, 1 GiB of zeros. */
const BOMB = Buffer.concat(Array.from({ length: 64 }, () => compressBytes(Buffer.alloc(16 * MiB))));
const CODEC_ZSTD = Buffer.from([1]);

/**
 * What a hijacked agent can do with WRITER.json alone: pack a bomb under the recipients' keys,
 * index it with the index key, and sign a snapshot whose tree names it. Never the identity.
 */
async function forgeBombs(store: BlobStore, credential: WriterCredential): Promise<void> {
  const { config } = await loadConfig(store, Buffer.from(credential.custodyPublic, 'base64'));
  const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
  const recipients = config.body.recipients.map((r) => Buffer.from(r.publicKey, 'base64'));
  const retainUntil = new Date(Date.now() + DAY_MS);
  const fileBomb = sha256Hex(Buffer.from('file bomb')).slice(0, 64);
  const treeBomb = sha256Hex(Buffer.from('tree bomb')).slice(0, 64);
  const packs = [];
  for (const [type, id] of [['data', fileBomb], ['tree', treeBomb]] as const) {
    const b = new PackBuilder(type);
    b.add(id, CODEC_ZSTD, BOMB, 4096); // the index claims 4 KiB; the frames say 1 GiB
    const pack = b.finish(recipients);
    const { bytes } = pack.body as { bytes: Buffer }; // built in memory (no staging folder)
    await store.put(packKey(pack.id), bytes, { retainUntil });
    packs.push({ id: pack.id, size: bytes.length, retainUntil: retainUntil.toISOString(), blobs: pack.entries, recipients: config.body.recipients.map((r) => r.fingerprint).sort() });
  }
  const segment = await sealSegment({ packs, extended: [] }, keys.indexKey);
  await store.put(segment.key, segment.bytes, { retainUntil });
  // An index segment that is itself a bomb: every reader and the agent's own backup load it.
  const indexBomb = seal(keys.indexKey, BOMB, 'bulkhead/v1/index');
  await store.put(`index/${sha256Hex(indexBomb)}`, indexBomb, { retainUntil });

  const index = await loadIndex(store, keys.indexKey);
  const writer = new VaultWriter({ store, credential, config: config.body, index, clock: systemClock, previousSnapshot: null });
  try {
    const good = await writer.add('data', Buffer.from('still here\n'));
    const entry = { mode: 0o644, mtime: Date.now() * 1000 };
    const root = await writer.add(
      'tree',
      encodeTree({
        entries: [
          { name: 'bomb.bin', kind: 'file', size: 1024 * MiB, blobs: [fileBomb], ...entry },
          { name: 'dir', kind: 'dir', size: 0, subtree: treeBomb, ...entry, mode: 0o755 },
          { name: 'good.txt', kind: 'file', size: 11, blobs: [good], ...entry },
        ],
      }),
    );
    writer.reuse(fileBomb);
    writer.reuse(treeBomb);
    await writer.commit([{ kind: 'dir', name: 'app', locator: '/srv/app', root, stats: { files: 2, dirs: 1, bytes: 11 } }], [], 0);
  } finally {
    await writer.close();
  }
  keys.wipe();
}

/** The agent's backup of the one-file app folder (the real backup, as the agent runs it). */
const backupApp = (store: BlobStore, credential: WriterCredential, src: string, cacheRoot: string) =>
  backup({ store, credential, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: systemClock, cacheRoot });

/** A vault on S3 with Object Lock holding one real backup of a one-file folder. */
async function backedUpApp() {
  const store = await lockedBucket();
  const v = await makeVault({ store });
  const src = tempDir();
  writeFileSync(join(src, 'app.yaml'), 'replicas: 3\n');
  await backupApp(store, v.writer, src, v.cacheRoot);
  return { store, v, src };
}

describe('a hijacked agent plants decompression bombs', () => {
  it('every verb stops each bomb at its ceiling, names it, and goes on with the rest', async () => {
    const { store, v, src } = await backedUpApp();
    await forgeBombs(store, v.writer);
    const rssBefore = process.memoryUsage().rss;

    // The real agent's next backup loads the bomb segment through the index and still backs up.
    const next = await backupApp(store, v.writer, src, tempDir());
    expect(next.snapshot).toBeTruthy();

    const reader = await openVault(store, v.identity, tempDir());
    expect(reader.index.damagedSegments.map((d) => d.reason)).toEqual([expect.stringMatching(/decompresses to more than the 64 MiB/)]);
    const { snapshots } = await reader.snapshots();
    const forged = snapshots.find((s) => s.manifest.sources[0]!.locator === '/srv/app')!;
    const target = join(tempDir(), 'out');
    const result = await restore({ reader, snapshot: forged.id, path: 'app', target, dryRun: false, overwrite: false }).catch((e: unknown) => e);
    // Either the plan refuses the unreadable folder, or the restore names the bombs; never 1 GiB.
    const text = JSON.stringify(result instanceof Error ? result.message : result);
    expect(text).toMatch(/decompresses to more than/);
    if (!(result instanceof Error)) {
      expect(readFileSync(join(target, 'good.txt'), 'utf8')).toBe('still here\n');
      expect(existsSync(join(target, 'bomb.bin'))).toBe(false);
    }
    const report = await checkVault(reader, { readData: true });
    expect(JSON.stringify(report.problems)).toMatch(/decompresses to more than/);
    // Each bomb stopped at its ceiling: nowhere near the 1 GiB it claims.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * MiB);
  });
});

describe('a hijacked agent stores objects far larger than any Bulkhead writes', () => {
  it('no reader downloads them: the next backup, snapshots and check name them and go on', async () => {
    const { store, v, src } = await backedUpApp();
    // 80 MiB under keys of the grammar, with the agent's own store: more than a segment or a snapshot can be.
    const huge = Buffer.alloc(80 * MiB, 7);
    const retainUntil = new Date(Date.now() + DAY_MS);
    await store.put(`index/${'e'.repeat(64)}`, huge, { retainUntil });
    await store.put(`snapshots/20260101T000000Z-${'f'.repeat(16)}`, huge, { retainUntil });
    let fetched = 0;
    const watched = new Proxy(store, {
      get(target, name) {
        if (name === 'get') {
          return (key: string, opts?: Parameters<BlobStore['get']>[1]) => {
            if (key.endsWith('e'.repeat(64)) || key.endsWith('f'.repeat(16))) fetched++;
            return target.get(key, opts);
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

    const next = await backupApp(watched, v.writer, src, tempDir());
    expect(next.snapshot).toBeTruthy();
    const reader = await openVault(watched, v.identity, tempDir());
    expect(reader.index.damagedSegments.map((d) => d.reason)).toEqual([expect.stringMatching(/is 80(\.0)? MiB, more than such an object can be \(72(\.0)? MiB\): not read/)]);
    const { snapshots, tampered } = await reader.snapshots();
    expect(snapshots).toHaveLength(2);
    expect(tampered).toEqual([expect.stringMatching(/^snapshots\/20260101T000000Z-f{16}: .*more than such an object can be/)]);
    const report = await checkVault(reader, { readData: false });
    expect(JSON.stringify(report.problems)).toMatch(/index\/e{64}.*not read/);
    expect(fetched).toBe(0);
  });
});
