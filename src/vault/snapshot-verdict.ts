import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { BulkheadError } from '../util/errors.js';
import type { ConfigBody } from './config.js';
import { getFirstOrWhy, versionToken } from './listing.js';
import { openManifest, parseEnvelope, snapshotKey, verifyEnvelope, withoutPacks } from './snapshot.js';
import { type OpenedSnapshot, type SnapshotVerdicts, type UnopenedSnapshot } from './snapshot-cache.js';

/** A freshly opened snapshot also carries its pack list (`packs`), which listings do not keep. */
export type Verdict = { opened: OpenedSnapshot; fresh: boolean; packs?: string[] } | { unopened: UnopenedSnapshot; fresh: boolean };

/**
 * What one listed snapshot object is: opened, refused or sealed to others. A verdict the cache
 * holds for the same first version (and, for an opened one, the same signing key; for an unopened
 * one, the same writers) is reused without a download; anything else is fetched and judged.
 */
export async function verdictOf(store: BlobStore, v: ListedVersion, config: ConfigBody, identity: RecoveryIdentity, known: SnapshotVerdicts, writers: string): Promise<Verdict> {
  const cached = cachedVerdict(v, config, known, writers);
  if (cached) return cached;
  const version = versionToken(v);
  const bytes = await getFirstOrWhy(store, v);
  // too large to be a snapshot: not even read
  if (!Buffer.isBuffer(bytes)) return { unopened: { version, writers, refused: bytes.message }, fresh: true };
  const found = openListed(v, bytes, config, identity);
  if (typeof found === 'string') return { unopened: { version, writers, refused: found }, fresh: true };
  if (found instanceof BulkheadError) return { unopened: { version, writers, sealedToOthers: { hash: sha256Hex(bytes), message: found.message } }, fresh: true };
  return { ...found, fresh: true };
}

/** The cache's verdict on this listed version, when it still holds (see verdictOf); no promise, no download. */
export function cachedVerdict(v: ListedVersion, config: ConfigBody, known: SnapshotVerdicts, writers: string): Verdict | undefined {
  const version = versionToken(v);
  const opened = known.opened.get(v.key);
  const signer = opened && config.writers.find((w) => w.id === opened.writer);
  if (opened && signer && opened.version === version && opened.verifiedWith === signer.publicKey) return { opened, fresh: false };
  const unopened = known.unopened.get(v.key);
  if (unopened && unopened.version === version && unopened.writers === writers) return { unopened, fresh: false };
  return undefined;
}

/**
 * One listed snapshot object, verified then decrypted: what it holds, why it is refused, or the
 * NEEDS_IDENTITY error when it is sealed to other recipients only.
 */
function openListed(v: ListedVersion, bytes: Buffer, config: ConfigBody, identity: RecoveryIdentity): { opened: OpenedSnapshot; packs: string[] } | BulkheadError | string {
  const env = parseEnvelope(bytes);
  if (!env) return 'not a valid snapshot object';
  const writer = config.writers.find((w) => w.id === env.writer);
  if (!writer) return `signed by unknown writer ${env.writer}`;
  if (!verifyEnvelope(env, Buffer.from(writer.publicKey, 'base64'))) return 'signature does not verify (edited or forged)';
  if (snapshotKey(env.time, env.id) !== v.key) return 'stored under another name than its content says';
  try {
    const { listed, packs } = withoutPacks(openManifest(env, identity.decryptionSecret, v.key));
    return { opened: { version: versionToken(v), hash: sha256Hex(bytes), id: env.id, time: env.time, writer: writer.id, verifiedWith: writer.publicKey, manifest: listed }, packs };
  } catch (e) {
    // Not encrypted to this identity: a recipient added later (break-glass) cannot read older ones.
    if (e instanceof BulkheadError && e.code === 'NEEDS_IDENTITY') return e;
    return 'content does not decrypt or does not match its header';
  }
}
