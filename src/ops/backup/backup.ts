import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../../storage/blob-store.js';
import type { WriterCredential } from '../../keys/writer-credential.js';
import { loadConfig } from '../../vault/load-config.js';
import { loadWriterIndex } from '../../vault/load-index.js';
import { planConsolidation } from '../../vault/consolidation.js';
import { VaultKeys } from '../../vault/vault-keys.js';
import { assertEnrolled, VaultWriter } from '../../vault/writer.js';
import { configKey } from '../../vault/config.js';
import { ConfirmedLocks } from '../../vault/confirmed-locks.js';
import { findExistingPacks } from '../../vault/existing-packs.js';
import { PrivateLocations } from '../../vault/private-locations.js';
import { keepLocked } from '../../vault/keep-locked.js';
import { sha256Hex } from '../../crypto/blob-id.js';
import { UNREAD_LISTED, UNREAD_PATH_MOST, type SourceRecord } from '../../vault/snapshot.js';
import { checkUniqueNames, type SourceSpec } from '../../sources/spec.js';
import { emptyStats, type BackupContext, type UnreadEntry } from '../../sources/blob-sink.js';
import type { FileCache } from '../../sources/dir/file-cache.js';
import { BulkheadError } from '../../util/errors.js';
import { backupSource } from './backup-source.js';
import { sourceType } from '../../sources/registry.js';
import { DAY_MS, type Clock } from '../../util/clock.js';
import { noProgress, type ProgressSink } from '../../util/progress.js';
import { privateVaultCache } from '../paths.js';
import { excludesProblem } from '../../sources/dir/exclude-globs.js';

export interface BackupArgs {
  store: BlobStore;
  credential: WriterCredential;
  sources: SourceSpec[];
  excludes: string[];
  tags: string[];
  /** A stream command that prints nothing for this long is stopped and recorded failed (0: never). */
  streamIdleMs?: number;
  /** A stream command still printing after this long is stopped and recorded failed (0: never). */
  streamMostMs?: number;
  clock: Clock;
  cacheRoot: string;
  progress?: ProgressSink;
  /** A folder's largest listing kept: the readers' ceiling (MAX_TREE_BLOB), lowered only by tests that prove the bound. */
  listingMost?: number;
}

export interface BackupResult {
  snapshot: string;
  key: string;
  files: number;
  bytesRead: number;
  bytesAdded: number;
  seconds: number;
  warnings: string[];
  /** Sources recorded as failed in the snapshot (the others are whole); keptData: a git mirror got in. */
  failed: { name: string; reason: string; keptData: boolean }[];
  /** Sources kept without some of their entries, which could not be read: how many, and the first few. */
  unread: { name: string; count: number; first: UnreadEntry[] }[];
}

/**
 * The agent's one job: snapshot every source into the vault. A source that fails is recorded as
 * failed and the others are kept; a vault failure leaves no snapshot at all.
 */
export async function backup(args: BackupArgs): Promise<BackupResult> {
  const started = performance.now();
  const { store, credential, clock } = args;
  checkUniqueNames(args.sources);
  const refused = excludesProblem(args.excludes);
  if (refused) throw new BulkheadError('USAGE', refused); // before any source is read: a diff would refuse these excludes
  const { config } = await loadConfig(store, Buffer.from(credential.custodyPublic, 'base64'));
  const body = config.body;
  if (body.vaultId !== credential.enrollment.vaultId) {
    throw new BulkheadError('BAD_WRITER', `this writer belongs to vault ${credential.enrollment.vaultId}, but ${store.url} holds vault ${body.vaultId}`);
  }
  assertEnrolled(body, credential);
  const cacheDir = privateVaultCache(body.vaultId, args.cacheRoot, true);
  // The first source's slow start (a git clone or fetch) runs while the index loads. Started once
  // the vault is known to be this writer's: a backup refused for that does not wait on a clone.
  const first = args.sources[0];
  const prepared = first && sourceType(first.kind).prepare?.(first, cacheDir);
  const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
  const writerId = credential.enrollment.writerId;
  const [{ index, segments }, locks] = await Promise.all([
    loadWriterIndex(store, keys.indexKey, body.writers, join(cacheDir, 'index'), writerId),
    ConfirmedLocks.load(join(cacheDir, 'locks.json')),
  ]);
  index.dedupWriter = writerId; // never another agent's records: see BlobIndex
  keys.wipe();
  await findExistingPacks(store, index, writerId, locks, clock.now());
  const statePath = join(cacheDir, `writer-${writerId}.json`);
  const state = await readState(statePath);
  const recipients = body.recipients.map((r) => r.fingerprint).sort();
  const privateLocations = await PrivateLocations.load(join(cacheDir, `private-${writerId}.bin`), recipients);
  const writer = new VaultWriter({ store, credential, config: body, index, clock, previousSnapshot: state.lastSnapshot, locks, privateLocations });
  try {
    if (index.readFlatIndex) await writer.consolidate(); // once: later backups read only this writer's prefix
    else {
      const plan = planConsolidation(segments); // many segments no consolidation covers: the next fresh load opens fewer
      if (plan) await writer.consolidateSegments(plan);
    }
    return await run(args, writer, locks, cacheDir, statePath, started, prepared);
  } finally {
    await writer.close();
    await locks.save().catch(() => undefined); // dates the server confirmed stay true even if the backup failed
  }
}

async function run(args: BackupArgs, writer: VaultWriter, locks: ConfirmedLocks, cacheDir: string, statePath: string, started: number, prepared: unknown): Promise<BackupResult> {
  const { store, clock } = args;
  const body = writer.config;
  const ctx: BackupContext = { sink: writer, progress: args.progress ?? noProgress, stats: emptyStats() };
  const records: SourceRecord[] = [];
  const caches: FileCache[] = [];
  for (const spec of args.sources) {
    const before = { ...ctx.stats, unread: ctx.stats.unread.length }; // a count: the array itself is shared
    const { extra = [], ...root } = await backupSource(ctx, spec, { excludes: args.excludes, cacheDir, clock, caches, streamIdleMs: args.streamIdleMs, streamMostMs: args.streamMostMs, listingMost: args.listingMost, ...(spec === args.sources[0] && { prepared }) });
    const stats = { files: ctx.stats.files - before.files, dirs: ctx.stats.dirs - before.dirs, bytes: ctx.stats.bytes - before.bytes };
    for (const x of extra) for (const k of ['files', 'dirs', 'bytes'] as const) stats[k] -= x.stats[k]; // counted on their own records
    // A source that failed part way holds only what its record names (an empty tree, or a mirror).
    const counted = root.failed && !root.manifest ? { files: 0, dirs: 0, bytes: 0 } : stats;
    const unread = ctx.stats.unread.slice(before.unread);
    // A path past what readers take (one nested past PATH_MAX) is cut: else every reader refused the snapshot.
    const listed = unread.slice(0, UNREAD_LISTED).map((u) => (u.path.length > UNREAD_PATH_MOST ? { ...u, path: `${u.path.slice(0, UNREAD_PATH_MOST - 1)}…` } : u));
    const partial = unread.length > 0 && !root.failed ? { unread: { count: unread.length, first: listed } } : {};
    records.push({ kind: spec.kind, name: spec.name, locator: spec.locator, ...root, ...partial, stats: counted });
    records.push(...extra); // a GitHub source's git records, one per repository
  }
  // Nothing kept: a snapshot of failures only would be a 'latest' with nothing in it.
  if (records.every((r) => r.failed && !r.manifest)) {
    const why = records.map((r) => `${r.name}: ${r.failed!.reason}`).join('; ');
    throw new BulkheadError('SOURCE_FAILED', `every source failed (${why}); no snapshot was recorded`);
  }
  const { manifest, key, bytes } = await writer.commit(records, args.tags, ctx.stats.bytesRead);
  await keepConfigAlive(store, locks, configKey(body.seq), clock, body.retention.days);
  await Promise.all([...caches.map((c) => c.save()), writer.savePrivateLocations()]);
  await writeState(statePath, { lastSnapshot: sha256Hex(bytes) });
  return {
    snapshot: manifest.id,
    key,
    files: ctx.stats.files,
    bytesRead: ctx.stats.bytesRead,
    bytesAdded: writer.bytesAdded,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    warnings: ctx.stats.warnings,
    failed: records.filter((r) => r.failed).map((r) => ({ name: r.name, reason: r.failed!.reason, keptData: !!r.manifest })),
    unread: records.flatMap((r) => (r.unread ? [{ name: r.name, ...r.unread }] : [])),
  };
}

/**
 * The active config must outlive every snapshot that needs it: its first version (the one under
 * lock; a delete marker or an overwrite on top changes nothing) is extended like a pack.
 */
async function keepConfigAlive(store: BlobStore, locks: ConfirmedLocks, key: string, clock: Clock, days: number): Promise<void> {
  const needed = new Date(clock.now().getTime() + days * DAY_MS);
  await keepLocked(store, locks, key, needed, new Date(needed.getTime() + Math.max(1, Math.ceil(days / 10)) * DAY_MS));
}

interface WriterState {
  lastSnapshot: string | null;
}

async function readState(path: string): Promise<WriterState> {
  try {
    return JSON.parse(await fsp.readFile(path, 'utf8')) as WriterState;
  } catch {
    return { lastSnapshot: null };
  }
}

async function writeState(path: string, state: WriterState): Promise<void> {
  await fsp.mkdir(join(path, '..'), { recursive: true });
  await fsp.writeFile(path, JSON.stringify(state), { mode: 0o600 });
}
