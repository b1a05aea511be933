import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { VaultReader } from '../vault/reader.js';
import { compressBytes, decompressBytes } from '../vault/blob-codec.js';
import { open, seal } from '../crypto/aead.js';
import { hkdf } from '../crypto/kdf.js';
import type { TreeCounts } from './snapshot-counts.js';

/** Bump when counting rules change: counts from older rules are then recounted, not trusted. */
const RULES = 1;
const AD = `bulkhead/v1/counts-cache/${RULES}`;
const MAX_BYTES = 256 * 1024 * 1024;

export interface CountsStore {
  load(): Promise<Map<string, TreeCounts>>;
  save(counts: ReadonlyMap<string, TreeCounts>): Promise<void>;
}

/**
 * What each tree holds, remembered across runs in the operator's cache folder: trees are
 * content-addressed and immutable, so a count never goes stale, and "latest" (which needs every
 * snapshot's counts to see an anomaly) costs the trees no earlier run counted, not the vault's
 * whole history. Sealed under a key only this identity derives: folder sizes are the backups'
 * metadata, and a cache file that does not open (edited, another identity's, older rules) is
 * simply recounted.
 */
export function countsStore(reader: VaultReader): CountsStore | undefined {
  if (!reader.cacheDir) return undefined;
  const path = join(reader.cacheDir, `counts-${reader.identity.recipientFingerprint}.sealed`);
  const key = () => hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return {
    async load() {
      const bytes = await fsp.readFile(path).catch(() => undefined);
      if (!bytes) return new Map();
      try {
        const plain = decompressBytes(open(key(), bytes, AD, path), MAX_BYTES);
        return new Map(Object.entries(JSON.parse(plain.toString('utf8')) as Record<string, [number, number, number]>).map(([id, [files, dirs, total]]) => [id, { files, dirs, bytes: total }]));
      } catch {
        return new Map();
      }
    },
    async save(counts) {
      const plain = Buffer.from(JSON.stringify(Object.fromEntries([...counts].map(([id, c]) => [id, [c.files, c.dirs, c.bytes]]))));
      await fsp.mkdir(dirname(path), { recursive: true });
      // One name per save: the console saves from concurrent calls in one process.
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fsp.writeFile(tmp, seal(key(), compressBytes(plain), AD), { mode: 0o600 });
      await fsp.rename(tmp, path);
    },
  };
}
