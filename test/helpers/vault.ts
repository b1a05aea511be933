import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecoveryIdentity } from '../../src/keys/identity.js';
import { FileStore } from '../../src/storage/file-store.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { initVault } from '../../src/ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { systemClock, type Clock } from '../../src/util/clock.js';
import type { ChunkerParams } from '../../src/chunker/fastcdc.js';

/** Test-only scrypt cost; production defaults are never changed by tests. */
export const CHEAP_KDF = { N: 2 ** 10, r: 8, p: 1 } as const;

/** Small chunks and packs so that tests exercise many chunks and packs with little data. */
export const SMALL_CHUNKS: ChunkerParams = { min: 4096, avg: 16384, max: 65536 };

export function tempDir(prefix = 'bulkhead-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestVault {
  store: BlobStore;
  identity: RecoveryIdentity;
  writer: WriterCredential;
  cacheRoot: string;
  clock: Clock;
}

export async function makeVault(opts: { store?: BlobStore; clock?: Clock; packSize?: number; chunker?: ChunkerParams } = {}): Promise<TestVault> {
  const store = opts.store ?? (await FileStore.create(join(tempDir(), 'vault')));
  const clock = opts.clock ?? systemClock;
  const identity = RecoveryIdentity.generate();
  await initVault({ store, identity, retentionDays: 30, clock, chunker: opts.chunker ?? SMALL_CHUNKS, packSize: opts.packSize ?? 256 * 1024 });
  const writer = await enrollWriter({ store, identity, label: 'test-agent', clock });
  return { store, identity, writer, cacheRoot: tempDir('bulkhead-cache-'), clock };
}
