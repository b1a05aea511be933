import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { BulkheadError } from '../util/errors.js';
import type { ConfigBody } from './config.js';
import { fewAtATime, listResolved } from './listing.js';
import type { ListedManifest } from './snapshot.js';
import { snapshotCache, writersDigest, type SnapshotVerdicts } from './snapshot-cache.js';
import { cachedVerdict, verdictOf, type Verdict } from './snapshot-verdict.js';
import { readableTime, systemClock, type Clock } from '../util/clock.js';
import { ManifestBudget } from './manifest-budget.js';

export interface SnapshotInfo {
  key: string;
  hash: string;
  id: string;
  /** The time the writer signed: its own choice, so possibly forged (future- or backdated). */
  time: string;
  /** When the store received the object (from its version listing): the writer cannot choose it. */
  storedAt: string;
  /** The time to sort by, pick "latest" by and measure age by: the claim, never later than storedAt. */
  at: string;
  writerId: string;
  writerLabel: string;
  /** Without its pack list (snapshot.ts's ListedManifest; snapshot-packs.ts reads one). */
  manifest: ListedManifest;
  /** Why this snapshot should not be trusted, if it should not (revoked writer, broken chain). */
  warnings: string[];
}

export interface SnapshotListing {
  snapshots: SnapshotInfo[];
  /** Snapshot objects refused: edited, forged, or from an unknown writer. */
  tampered: string[];
  /** How many snapshot keys the store listed (a later, larger count means new snapshots). */
  listed: number;
  /** Each writer's distinct manifest text and the most one may hold (manifest-budget.ts): posture warns before any refusal. */
  manifestText: { byWriter: ReadonlyMap<string, number>; most: number };
}

/**
 * Reads, verifies and decrypts every snapshot; oldest first. `cacheDir`: the operator's cache of
 * verdicts (snapshot-cache.ts); `budget`: the manifest text each writer may hold; `clock`: no
 * snapshot may be dated after its now (futureTime).
 */
export async function listSnapshots(
  store: BlobStore,
  config: ConfigBody,
  identity: RecoveryIdentity,
  { cacheDir, budget = new ManifestBudget(), clock = systemClock }: { cacheDir?: string | undefined; budget?: ManifestBudget; clock?: Clock } = {},
): Promise<SnapshotListing> {
  const now = clock.now();
  const { objects } = await listResolved(store, 'snapshots/');
  const cache = cacheDir ? snapshotCache(cacheDir, identity, config.vaultId) : undefined;
  const known: SnapshotVerdicts = (await cache?.load()) ?? { opened: new Map(), unopened: new Map() };
  const writers = writersDigest(config);
  const verdicts = new Map<string, Verdict>();
  const unknown: ListedVersion[] = [];
  // Every opened manifest is charged to its writer before it is kept (manifest-budget.ts), oldest stored first.
  const charged = (verdict: Verdict): Verdict => {
    if (!('opened' in verdict)) return verdict;
    const refused = budget.charge(verdict.opened.writer, verdict.opened.manifest);
    return refused ? { unopened: { version: verdict.opened.version, writers, refused }, fresh: true } : verdict;
  };
  // what the cache answers without a promise each (a year of hourly backups: 8,760), then the rest
  for (const v of objects.values()) {
    const cached = cachedVerdict(v, config, known, writers);
    if (cached) verdicts.set(v.key, cached);
    else unknown.push(v);
  }
  const carried = carriedWriters(verdicts, known, budget.most);
  for (const [writer, manifests] of carried) budget.carry(writer, known.charged!.get(writer)!, manifests);
  for (const [key, verdict] of verdicts) if (!('opened' in verdict && carried.has(verdict.opened.writer))) verdicts.set(key, charged(verdict));
  // a snapshot is KiB to a few MiB (its pack list grows with the vault), but may be up to its ceiling
  await fewAtATime(unknown, async (v) => void verdicts.set(v.key, charged(await verdictOf(store, v, config, identity, known, writers))));

  const tampered: string[] = [];
  const snapshots: SnapshotInfo[] = [];
  const sealedToOthers = new Set<string>();
  let notForUs: BulkheadError | undefined;
  const kept: SnapshotVerdicts = { opened: new Map(), unopened: new Map() };
  for (const v of objects.values()) {
    const verdict = verdicts.get(v.key)!;
    if ('unopened' in verdict) {
      const { refused, sealedToOthers: sealed } = verdict.unopened;
      kept.unopened.set(v.key, verdict.unopened);
      if (refused) tampered.push(`${v.key}: ${refused}`);
      if (sealed) {
        notForUs = new BulkheadError('NEEDS_IDENTITY', sealed.message);
        sealedToOthers.add(sealed.hash); // signed and in place: a chain may name it
      }
      continue;
    }
    const found = verdict.opened;
    kept.opened.set(v.key, found);
    const writer = config.writers.find((w) => w.id === found.writer)!;
    const { manifest } = found;
    const warnings: string[] = [];
    const at = boundedTime(found.time, v.lastModified, warnings, !!store.serverTimes);
    futureTime(at, v.lastModified, now, warnings);
    // The writer chooses its own time; the store's write time cannot be backdated by it.
    const revoked = writer.revoked ? new Date(writer.revoked) : undefined;
    if (revoked && (new Date(found.time) >= revoked || v.lastModified >= revoked)) {
      warnings.push(`written by revoked writer "${writer.label}" (revoked ${writer.revoked})`);
    }
    const storedAt = v.lastModified.toISOString();
    snapshots.push({ key: v.key, hash: found.hash, id: found.id, time: found.time, storedAt, at, writerId: writer.id, writerLabel: writer.label, manifest, warnings });
  }
  kept.charged = budget.spent();
  const changed = [...verdicts.values()].some((x) => x.fresh) || kept.opened.size !== known.opened.size || kept.unopened.size !== known.unopened.size;
  // Past V8's longest string (512 MiB of JSON: the budgets of two writers of escaped text) the cache
  // cannot be written: the look goes on without it, and the next one downloads again.
  if (cache && changed) await cache.save(kept).catch((e: unknown) => (e instanceof RangeError ? undefined : Promise.reject(e)));
  if (snapshots.length === 0 && notForUs) throw notForUs;
  snapshots.sort(byBoundedTime);
  checkChains(snapshots, sealedToOthers);
  checkUniqueIds(snapshots);
  return { snapshots, tampered, listed: objects.size, manifestText: { byWriter: budget.spent(), most: budget.most } };
}

/**
 * The writers whose opened snapshots the cache answered all of, each with those manifests: the
 * very set the listing that kept them charged, so its charge is carried (manifest-budget.ts). A
 * writer with one of them gone or read again is charged snapshot by snapshot.
 */
function carriedWriters(verdicts: ReadonlyMap<string, Verdict>, known: SnapshotVerdicts, most: number): Map<string, ListedManifest[]> {
  const keptBefore = new Map<string, number>();
  for (const o of known.opened.values()) keptBefore.set(o.writer, (keptBefore.get(o.writer) ?? 0) + 1);
  const answered = new Map<string, ListedManifest[]>();
  for (const verdict of verdicts.values()) {
    if (!('opened' in verdict)) continue;
    const list = answered.get(verdict.opened.writer);
    if (list) list.push(verdict.opened.manifest);
    else answered.set(verdict.opened.writer, [verdict.opened.manifest]);
  }
  for (const [writer, manifests] of answered) {
    const bytes = known.charged?.get(writer);
    if (bytes === undefined || bytes > most || manifests.length !== keptBefore.get(writer)) answered.delete(writer);
  }
  return answered;
}

/** Clocks of the agent and the store may differ by this much before a claimed time counts as forged. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** A snapshot is stored right after its time is taken; an upload retried for this long is not. */
export const BACKDATE_MS = 60 * 60_000;

/**
 * A hijacked agent can date a snapshot 30 days ahead to pin "latest" and hide that backups stopped.
 * The store's write time bounds it: a snapshot cannot have been taken after it was stored. A
 * backdated claim is kept (min() makes it harmless for latest and age) but, where the server sets
 * the times (S3), warned: a snapshot "from before the incident" written after it is what an
 * operator looking for the last good state must not pick. A copied local vault has later file
 * times than its claims, so there "stored long after its time" is no sign of forgery.
 */
export function boundedTime(claimed: string, storedAt: Date, warnings: string[], serverTimes = false): string {
  const t = Date.parse(claimed);
  if (Number.isNaN(t)) {
    warnings.push(`its time "${claimed}" is not a date; counted as of when the store received it (${readableTime(storedAt)})`);
    return storedAt.toISOString();
  }
  if (t - storedAt.getTime() > CLOCK_SKEW_MS) {
    const hours = Math.round((t - storedAt.getTime()) / 360_000) / 10;
    warnings.push(`dated ${claimed}, ${hours} h after the store received it (${readableTime(storedAt)}): a wrong clock or a forged time; counted as of ${readableTime(storedAt)}`);
  } else if (serverTimes && storedAt.getTime() - t > BACKDATE_MS) {
    const hours = Math.round((storedAt.getTime() - t) / 360_000) / 10;
    warnings.push(`dated ${claimed}, but the store received it ${hours} h later (${readableTime(storedAt)}): a wrong clock or a backdated, forged snapshot`);
  }
  return t <= storedAt.getTime() ? new Date(t).toISOString() : storedAt.toISOString();
}

/**
 * A local vault's agent owns the files it creates, so it sets the "stored" time too (`utimes`): a
 * snapshot dated 30 days ahead with its file's time to match passed boundedTime, became `latest`
 * and hid that backups had stopped. Neither its time nor its stored time (at <= storedAt) may be
 * later than this machine's clock; warned, `latest` skips it and posture counts no age from it.
 */
export function futureTime(at: string, storedAt: Date, now: Date, warnings: string[]): void {
  if (storedAt.getTime() - now.getTime() <= CLOCK_SKEW_MS) return;
  const when = Date.parse(at) - now.getTime() > CLOCK_SKEW_MS ? `dated ${readableTime(at)}` : `stored ${readableTime(storedAt)}`;
  warnings.push(`${when} in the future, later than this machine's clock (${readableTime(now)}): a wrong clock or a forged time`);
}

/** Code-unit order (ISO times, hex ids): localeCompare's first call builds an ICU collator, ~7 ms of every look (#14). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byBoundedTime(a: SnapshotInfo, b: SnapshotInfo): number {
  return compare(a.at, b.at) || compare(a.time, b.time) || compare(a.id, b.id);
}

/** Each writer's snapshots name the hash of its previous one: a gap means one was hidden. */
function checkChains(snapshots: SnapshotInfo[], sealedToOthers: ReadonlySet<string>): void {
  const hashes = new Set([...snapshots.map((s) => s.hash), ...sealedToOthers]);
  for (const s of snapshots) {
    const prev = s.manifest.previous;
    if (prev && !hashes.has(prev)) s.warnings.push(`the snapshot before it (${prev.slice(0, 12)}) is missing or unreadable`);
  }
}

/** A newer snapshot "latest" passed over, and why. */
export interface SkippedSnapshot {
  snap: SnapshotInfo;
  reasons: string[];
}

/**
 * "latest" is the newest snapshot (by bounded time) that nothing speaks against: no warning, and
 * none of the reasons `distrust` gives (the content anomalies ops derives). Never falls back to a
 * distrusted one: that must be named by id. `skipped` lists the newer ones passed over, newest first.
 */
export function pickLatest(snapshots: readonly SnapshotInfo[], distrust: (s: SnapshotInfo) => readonly string[] = () => []): { snap: SnapshotInfo; skipped: SkippedSnapshot[] } {
  const skipped: SkippedSnapshot[] = [];
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const snap = snapshots[i]!;
    const reasons = [...new Set([...snap.warnings, ...distrust(snap)])];
    if (reasons.length === 0) return { snap, skipped };
    skipped.push({ snap, reasons });
  }
  if (skipped.length === 0) throw new BulkheadError('NOT_FOUND', 'the vault has no snapshots yet; run "bulkhead backup" first');
  const newest = skipped[0]!;
  throw new BulkheadError(
    'NOT_FOUND',
    `no snapshot can be trusted as "latest": all ${skipped.length} have warnings or anomalies (newest ${newest.snap.id}: ${newest.reasons.join('; ')}); ` +
      'see "bulkhead snapshots" and name one by its id to use it anyway',
  );
}

/** Ids are random: two snapshots with one id mean one was forged to be taken for the other. */
function checkUniqueIds(snapshots: SnapshotInfo[]): void {
  const seen = new Map<string, number>();
  for (const s of snapshots) seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
  for (const s of snapshots) if (seen.get(s.id)! > 1) s.warnings.push(`another snapshot has the same id ${s.id}: one of them is forged`);
}

/** SNAPSHOT is an id, a unique id prefix, or "latest" (see pickLatest; here only warnings count). */
export function resolveSnapshot(snapshots: readonly SnapshotInfo[], spec: string): SnapshotInfo {
  if (spec === 'latest') return pickLatest(snapshots).snap;
  const matches = snapshots.filter((s) => s.id.startsWith(spec.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new BulkheadError('NOT_FOUND', `no snapshot matches "${spec}"; list them with "bulkhead snapshots"`);
  throw new BulkheadError('AMBIGUOUS', `"${spec}" matches ${matches.length} snapshots; give more characters of the id`);
}
