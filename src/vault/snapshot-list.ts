import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { BulkheadError } from '../util/errors.js';
import type { ConfigBody } from './config.js';
import { getFirst, listResolved } from './listing.js';
import { openManifest, parseEnvelope, snapshotKey, verifyEnvelope, type Manifest } from './snapshot.js';

export interface SnapshotInfo {
  key: string;
  hash: string;
  id: string;
  time: string;
  writerId: string;
  writerLabel: string;
  manifest: Manifest;
  /** Why this snapshot should not be trusted, if it should not (revoked writer, broken chain). */
  warnings: string[];
}

export interface SnapshotListing {
  snapshots: SnapshotInfo[];
  /** Snapshot objects refused: edited, forged, or from an unknown writer. */
  tampered: string[];
  /** How many snapshot keys the store listed (a later, larger count means new snapshots). */
  listed: number;
}

/** Reads, verifies and decrypts every snapshot; oldest first. */
export async function listSnapshots(store: BlobStore, config: ConfigBody, identity: RecoveryIdentity): Promise<SnapshotListing> {
  const { objects } = await listResolved(store, 'snapshots/');
  const tampered: string[] = [];
  const snapshots: SnapshotInfo[] = [];
  let notForUs: BulkheadError | undefined;
  const fetched = await Promise.all([...objects.values()].map(async (v) => ({ v, bytes: await getFirst(store, v) })));
  for (const { v, bytes } of fetched) {
    const refused = (why: string) => tampered.push(`${v.key}: ${why}`);
    const env = parseEnvelope(bytes);
    if (!env) {
      refused('not a valid snapshot object');
      continue;
    }
    const writer = config.writers.find((w) => w.id === env.writer);
    if (!writer) {
      refused(`signed by unknown writer ${env.writer}`);
      continue;
    }
    if (!verifyEnvelope(env, Buffer.from(writer.publicKey, 'base64'))) {
      refused('signature does not verify (edited or forged)');
      continue;
    }
    if (snapshotKey(env.time, env.id) !== v.key) {
      refused('stored under another name than its content says');
      continue;
    }
    let manifest: Manifest;
    try {
      manifest = openManifest(env, identity.decryptionSecret, v.key);
    } catch (e) {
      // Not encrypted to this identity: a recipient added later (break-glass) cannot read older ones.
      if (e instanceof BulkheadError && e.code === 'NEEDS_IDENTITY') {
        notForUs = e;
        continue;
      }
      refused('content does not decrypt or does not match its header');
      continue;
    }
    const warnings: string[] = [];
    // The writer chooses its own time; the store's write time cannot be backdated by it.
    const revoked = writer.revoked ? new Date(writer.revoked) : undefined;
    if (revoked && (new Date(env.time) >= revoked || v.lastModified >= revoked)) {
      warnings.push(`written by revoked writer "${writer.label}" (revoked ${writer.revoked})`);
    }
    snapshots.push({ key: v.key, hash: sha256Hex(bytes), id: env.id, time: env.time, writerId: writer.id, writerLabel: writer.label, manifest, warnings });
  }
  if (snapshots.length === 0 && notForUs) throw notForUs;
  snapshots.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  checkChains(snapshots);
  return { snapshots, tampered, listed: objects.size };
}

/** Each writer's snapshots name the hash of its previous one: a gap means one was hidden. */
function checkChains(snapshots: SnapshotInfo[]): void {
  const hashes = new Set(snapshots.map((s) => s.hash));
  for (const s of snapshots) {
    const prev = s.manifest.previous;
    if (prev && !hashes.has(prev)) s.warnings.push(`the snapshot before it (${prev.slice(0, 12)}) is missing or unreadable`);
  }
}

/** SNAPSHOT is an id, a unique id prefix, or "latest" (newest one without warnings). */
export function resolveSnapshot(snapshots: readonly SnapshotInfo[], spec: string): SnapshotInfo {
  if (spec === 'latest') {
    const trusted = snapshots.filter((s) => s.warnings.length === 0);
    const latest = trusted[trusted.length - 1] ?? snapshots[snapshots.length - 1];
    if (!latest) throw new BulkheadError('NOT_FOUND', 'the vault has no snapshots yet; run "bulkhead backup" first');
    return latest;
  }
  const matches = snapshots.filter((s) => s.id.startsWith(spec.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new BulkheadError('NOT_FOUND', `no snapshot matches "${spec}"; list them with "bulkhead snapshots"`);
  throw new BulkheadError('AMBIGUOUS', `"${spec}" matches ${matches.length} snapshots; give more characters of the id`);
}
