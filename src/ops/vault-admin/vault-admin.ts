import type { BlobStore } from '../../storage/blob-store.js';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { unwrap, wrapTo } from '../../crypto/wrap.js';
import { fingerprint } from '../../crypto/fingerprint.js';
import type { ConfigBody } from '../../vault/config.js';
import { loadConfig } from '../../vault/load-config.js';
import { putNextConfig } from '../../vault/put-config.js';
import { listSnapshots } from '../../vault/snapshot-list.js';
import { BulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';

export interface AdminArgs {
  store: BlobStore;
  identity: RecoveryIdentity;
  clock: Clock;
  /** Told the config keys passed over because something else already occupies them. */
  onSkipped?: (keys: string[]) => void;
}

/**
 * Every change is a new custody-signed config at the next free number (normally seq + 1),
 * chained to the one before it. Occupied keys never block it: they are skipped and reported.
 */
async function changeConfig(args: AdminArgs, change: (body: ConfigBody) => ConfigBody): Promise<ConfigBody> {
  const { config, hash } = await loadConfig(args.store, args.identity.custodyPublic);
  const changed = change(config.body);
  const created = args.clock.now().toISOString();
  return putNextConfig({
    store: args.store,
    from: config.body.seq,
    make: (seq) => ({ ...changed, seq, previous: hash, created }),
    custodySeed: args.identity.custodySeed,
    custodyPublic: args.identity.custodyPublic,
    clock: args.clock,
    ...(args.onSkipped && { onSkipped: args.onSkipped }),
  });
}

export interface WriterView {
  id: string;
  label: string;
  enrolled: string;
  revoked: string | null;
  lastSnapshot: string | null;
}

export async function listWriters(args: Omit<AdminArgs, 'clock'>): Promise<WriterView[]> {
  const { config } = await loadConfig(args.store, args.identity.custodyPublic);
  const { snapshots } = await listSnapshots(args.store, config.body, args.identity);
  const last = new Map<string, string>();
  for (const s of snapshots) last.set(s.writerId, s.time);
  return config.body.writers.map((w) => ({ id: w.id, label: w.label, enrolled: w.enrolled, revoked: w.revoked ?? null, lastSnapshot: last.get(w.id) ?? null }));
}

/**
 * Revokes a writer from now on: snapshots it signs later (by its own clock or the store's) are
 * flagged untrusted everywhere; earlier ones stay trusted. Its storage credentials must be
 * revoked at the cloud provider too: the vault cannot stop a put, only refuse to trust it.
 */
export async function revokeWriter(args: AdminArgs & { writer: string }): Promise<ConfigBody> {
  return changeConfig(args, (body) => {
    const matches = body.writers.filter((w) => w.id === args.writer || w.id.startsWith(args.writer) || w.label === args.writer);
    if (matches.length === 0) throw new BulkheadError('NOT_FOUND', `no writer "${args.writer}" in vault ${body.vaultId}; list them with "bulkhead vault writers"`);
    if (matches.length > 1) throw new BulkheadError('AMBIGUOUS', `"${args.writer}" names ${matches.length} writers; give the writer id`);
    const target = matches[0]!;
    if (target.revoked) throw new BulkheadError('EXISTS', `writer "${target.label}" was already revoked on ${target.revoked}`);
    const revoked = args.clock.now().toISOString();
    return { ...body, writers: body.writers.map((w) => (w.id === target.id ? { ...w, revoked } : w)) };
  });
}

/** A break-glass recipient: new packs and snapshots are also encrypted to it; existing ones are not. */
export async function addRecipient(args: AdminArgs & { publicKey: Buffer; label: string }): Promise<ConfigBody> {
  return changeConfig(args, (body) => {
    const fp = fingerprint(args.publicKey);
    if (body.recipients.some((r) => r.fingerprint === fp)) throw new BulkheadError('EXISTS', `recipient ${fp} is already in vault ${body.vaultId}`);
    const dedup = unwrap(body.dedupStanzas, args.identity.decryptionSecret, `vault ${body.vaultId}`);
    const pubs = [...body.recipients.map((r) => Buffer.from(r.publicKey, 'base64')), args.publicKey];
    const dedupStanzas = wrapTo(dedup, pubs); // so the new recipient can read the index and ids
    dedup.fill(0);
    return { ...body, recipients: [...body.recipients, { fingerprint: fp, publicKey: args.publicKey.toString('base64'), label: args.label }], dedupStanzas };
  });
}

/** Stops encrypting new data to a recipient. What was already encrypted to it stays readable by it. */
export async function removeRecipient(args: AdminArgs & { fingerprint: string }): Promise<ConfigBody> {
  return changeConfig(args, (body) => {
    const fp = args.fingerprint.replace(/-/g, '').toUpperCase();
    if (fp === args.identity.recipientFingerprint) throw new BulkheadError('USAGE', 'the custody identity stays a recipient of its own vault');
    const kept = body.recipients.filter((r) => r.fingerprint !== fp);
    if (kept.length === body.recipients.length) throw new BulkheadError('NOT_FOUND', `no recipient ${args.fingerprint} in vault ${body.vaultId}`);
    const dedup = unwrap(body.dedupStanzas, args.identity.decryptionSecret, `vault ${body.vaultId}`);
    const dedupStanzas = wrapTo(dedup, kept.map((r) => Buffer.from(r.publicKey, 'base64')));
    dedup.fill(0);
    return { ...body, recipients: kept, dedupStanzas };
  });
}
