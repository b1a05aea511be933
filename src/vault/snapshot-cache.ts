import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { open, seal } from '../crypto/aead.js';
import { hkdf } from '../crypto/kdf.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import type { ListedVersion } from '../storage/blob-store.js';
import { compressBytes, decompressBytes } from './blob-codec.js';
import { snapshotKey, type Manifest } from './snapshot.js';

/** A snapshot object as opened once by this identity: what its verification and decryption found. */
export interface OpenedSnapshot {
  /** The listed version it was read from (id, size, store time): another version is read again. */
  version: string;
  hash: string;
  id: string;
  time: string;
  writer: string;
  /** The writer's public key that verified the signature (a changed key means reading it again). */
  verifiedWith: string;
  manifest: Manifest;
}

const AD = 'bulkhead/v1/snapshot-cache/1';
const MAX_BYTES = 1024 * 1024 * 1024;

export const versionToken = (v: ListedVersion): string => `${v.versionId ?? ''}:${v.size}:${v.lastModified.getTime()}`;

export interface SnapshotCache {
  load(): Promise<Map<string, OpenedSnapshot>>;
  save(opened: readonly OpenedSnapshot[]): Promise<void>;
}

/**
 * The snapshots this identity has verified and decrypted, kept in the operator's cache folder so
 * that `snapshots`, posture and the console's timeline on a vault of a year of hourly backups
 * fetch and open only the snapshots that are new, not 8,760 objects per look. Sealed under a key
 * only this identity derives (manifests are the backups' metadata); a file that does not open is
 * simply rebuilt. Only the listing decides what exists: a cached entry is used for a key the
 * store still lists with the same first version, and its signer is checked against today's config.
 */
export function snapshotCache(cacheDir: string, identity: RecoveryIdentity, vaultId: string): SnapshotCache {
  const path = join(cacheDir, `snapshots-${identity.recipientFingerprint}.sealed`);
  const key = () => hkdf(identity.decryptionSecret, AD, Buffer.from(vaultId));
  return {
    async load() {
      const bytes = await fsp.readFile(path).catch(() => undefined);
      if (!bytes) return new Map();
      try {
        const list = JSON.parse(decompressBytes(open(key(), bytes, AD, path), MAX_BYTES).toString('utf8')) as [string, OpenedSnapshot][];
        return new Map(list);
      } catch {
        return new Map();
      }
    },
    async save(opened) {
      await fsp.mkdir(cacheDir, { recursive: true });
      const plain = Buffer.from(JSON.stringify(opened.map((o) => [snapshotKey(o.time, o.id), o])));
      // One name per save: the console saves from concurrent calls in one process.
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fsp.writeFile(tmp, seal(key(), compressBytes(plain), AD), { mode: 0o600 });
      await fsp.rename(tmp, path);
    },
  };
}

