import { join } from 'node:path';
import { hkdf } from '../crypto/kdf.js';
import { sha256Hex } from '../crypto/blob-id.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import type { ConfigBody } from './config.js';
import { readSealedJson, writeSealedJson } from './sealed-file.js';
import { decodeVerdicts, encodeVerdicts, type CompactVerdicts } from './snapshot-cache-codec.js';

export type { OpenedSnapshot, SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';
import type { SnapshotVerdicts } from './snapshot-verdicts.js';

/**
 * 4: the compact form with a table of records and no pack lists (snapshot-cache-codec.ts); 5: with
 * each writer's manifest charge. A file of an older form does not open and is rebuilt.
 */
const AD = 'bulkhead/v1/snapshot-cache/5';

/** What a refusal depends on besides the object's own bytes: the enrolled writers and their keys. */
export const writersDigest = (config: ConfigBody): string => sha256Hex(Buffer.from(config.writers.map((w) => `${w.id}:${w.publicKey}`).sort().join('\n')));

export interface SnapshotCache {
  load(): Promise<SnapshotVerdicts>;
  save(verdicts: SnapshotVerdicts): Promise<void>;
}

/**
 * The snapshots this identity has verified and decrypted, kept in the operator's cache folder so
 * that `snapshots`, posture and the console's timeline on a vault of a year of hourly backups
 * fetch and open only the snapshots that are new, not 8,760 objects per look. Refusals are kept
 * too: a hijacked agent that puts thousands of junk objects under `snapshots/` costs each operator
 * one download of them, not one per look. Sealed under a key only this identity derives (manifests
 * are the backups' metadata); a file that does not open is simply rebuilt. Only the listing decides
 * what exists: an entry is used for a key the store still lists with the same first version, judged
 * against today's writers.
 */
export function snapshotCache(cacheDir: string, identity: RecoveryIdentity, vaultId: string): SnapshotCache {
  const path = join(cacheDir, `snapshots-${identity.recipientFingerprint}.sealed`);
  const key = () => hkdf(identity.decryptionSecret, AD, Buffer.from(vaultId));
  return {
    load: async () => {
      const stored = await readSealedJson<CompactVerdicts>(path, key(), AD);
      return (stored && decodeVerdicts(stored)) ?? { opened: new Map(), unopened: new Map() };
    },
    // keyed for the reader: the store key each snapshot was listed under
    save: (v) => writeSealedJson(path, key(), AD, encodeVerdicts(v)),
  };
}
