import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { hkdf } from '../../crypto/kdf.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';

/** What a tree holds, itself included: the same measures as a source record's (claimed) stats. */
export interface TreeCounts {
  files: number;
  dirs: number;
  bytes: number;
}

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
      const raw = await readSealedJson<Record<string, [number, number, number]>>(path, key(), AD, MAX_BYTES);
      return new Map(Object.entries(raw ?? {}).map(([id, [files, dirs, total]]) => [id, { files, dirs, bytes: total }]));
    },
    save: (counts) => writeSealedJson(path, key(), AD, Object.fromEntries([...counts].map(([id, c]) => [id, [c.files, c.dirs, c.bytes]]))),
  };
}
