import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { hkdf } from '../../crypto/kdf.js';
import { rm } from 'node:fs/promises';
import { readSealedBytes, writeSealedBytes } from '../../vault/sealed-file.js';
import { decodeCounts, encodeCounts, type KnownCounts } from './counts-codec.js';

export type { KnownCounts, ManifestCounts, TreeCounts } from './counts-codec.js';

/** Bump when counting rules change: counts from older rules are then recounted, not trusted. */
export const COUNT_RULES = 2;
const AD = `bulkhead/v1/counts-cache/${COUNT_RULES}/binary`;
const MAX_BYTES = 256 * 1024 * 1024;

export interface CountsStore {
  load(): Promise<KnownCounts>;
  save(counts: KnownCounts): Promise<void>;
}

/**
 * What each tree and git manifest holds, remembered across runs in the operator's cache folder:
 * both are content-addressed and immutable, so a count never goes stale, and "latest" (which needs
 * every snapshot's counts to see an anomaly) costs what no earlier run counted, not the vault's
 * whole history (for an organisation's 1,000 repositories, not a manifest read per repository). Sealed under a key only this identity derives: folder sizes are the backups'
 * metadata, and a cache file that does not open (edited, another identity's, older rules) is
 * simply recounted. Its form: counts-codec.ts.
 */
export function countsStore(reader: VaultReader): CountsStore | undefined {
  if (!reader.cacheDir) return undefined;
  const path = join(reader.cacheDir, `counts2-${reader.identity.recipientFingerprint}.sealed`);
  const key = () => hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return {
    async load() {
      const plain = await readSealedBytes(path, key(), AD, MAX_BYTES);
      try {
        return plain ? decodeCounts(plain) : empty();
      } catch {
        return empty(); // not ours or cut short: counted again
      }
    },
    async save(counts) {
      await writeSealedBytes(path, key(), AD, encodeCounts(counts));
      // the JSON cache before counts-codec.ts: never read again
      await rm(join(reader.cacheDir!, `counts-${reader.identity.recipientFingerprint}.sealed`), { force: true });
    },
  };
}

const empty = (): Required<KnownCounts> => ({ trees: new Map(), manifests: new Map(), pairs: new Map(), parts: new Map() });
