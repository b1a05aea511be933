import { join } from 'node:path';
import { hkdf } from '../crypto/kdf.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import type { ListedVersion } from '../storage/blob-store.js';
import { snapshotKey, type Manifest } from './snapshot.js';
import { readSealedJson, writeSealedJson } from './sealed-file.js';

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
    load: async () => new Map(await readSealedJson<[string, OpenedSnapshot][]>(path, key(), AD)),
    // keyed for the reader: the store key each snapshot was listed under
    save: (opened) => writeSealedJson(path, key(), AD, opened.map((o) => [snapshotKey(o.time, o.id), o])),
  };
}

