import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../../storage/blob-store.js';
import { probeKey } from '../../vault/key-grammar.js';

const WRAP_LIMIT_MS = 2 ** 32 * 1000;

/**
 * Does the server keep a retention date past 2106, or wrap it (Ceph RGW 16 keeps it modulo 2^32 s,
 * so 2107 reads back as 1970 and the object unlocks)? Writes one tiny GOVERNANCE-locked object
 * under probe/ (a key every reader knows and skips) and returns a warning with the exact risk,
 * or undefined when the date came back as asked. Stores without Object Lock are not probed.
 *
 * Vault init warns rather than refuses: Bulkhead's writers never ask for such a date, the agent
 * policy caps locks where the server enforces s3:object-lock-remaining-retention-days (AWS does),
 * posture flags any lock that reads back earlier than its write, and refusing would leave the
 * operator of such a server with no vault at all.
 */
export async function probeDateHandling(store: BlobStore, now: Date): Promise<string | undefined> {
  if (!store.probeRetention) return undefined;
  const { key, asked, readBack } = await store.probeRetention(probeKey(now, randomBytes(8).toString('hex')));
  if (readBack && readBack.getTime() >= WRAP_LIMIT_MS && Math.abs(readBack.getTime() - asked.getTime()) < 86_400_000) return undefined;
  return (
    `${store.url} does not keep retention dates past 2106: it read ${asked.toISOString()} back as ${readBack?.toISOString() ?? 'nothing'} (${key}). ` +
    'An agent whose S3 keys may lock objects that far unlocks them and can then delete them. Bulkhead never asks for such a date, and ' +
    '"bulkhead vault policy" denies the agent locks beyond the retention, but only servers that enforce s3:object-lock-remaining-retention-days ' +
    'apply that (AWS does; Ceph RGW 16 does not). Upgrade the server, or keep a second copy elsewhere; posture reports any lock that reads back earlier than its write.'
  );
}
