import type { BlobStore, LifecycleRule, StorePosture } from '../../storage/blob-store.js';
import type { VaultReader } from '../../vault/reader.js';
import { packKey } from '../../vault/blob-index.js';
import { snapshotPacks } from '../../vault/snapshot-packs.js';
import { keyKind } from '../../vault/key-grammar.js';
import { Lanes } from '../../util/lanes.js';
import { foreignFinding, lifecycleFindings, lockFindings, manifestTextFindings, uploadsFinding, type Finding } from './posture-findings.js';
import { LockMemory, objectLockMemory, readLocks, shortestLock, type ExpiredCheck } from './object-locks.js';
import { expiredLocksFinding, expiredLocksView, pastRetentionNote, sortUnlocked, unlockedFinding, type ExpiredView } from './unlocked-objects.js';
import { localLockMemory, readLocalLocks, type LocalLockCheck } from './local-locks.js';
import { postureListing } from './local-listing.js';
import { DAY_MS, readableTime, type Clock } from '../../util/clock.js';
import { CLOCK_SKEW_MS } from '../../vault/snapshot-list.js';
import { ambiguousContests, contestLine, type Contest } from './source-claims.js';
import { contestsOf } from '../snapshot-ref.js';
import { snapshotAnomalies } from './anomalies.js';
import { recentAnomalies } from './recent-anomalies.js';
import { failedNote, unreadNote } from '../backup/failed-sources.js';
import { neededFolders, obstacleLines } from '../vault-admin/vault-folders.js';

export interface KeyedTimes {
  count: number;
  first?: string;
  last?: string;
  keys: string[];
}

export interface PostureReport {
  store: string;
  versioning: StorePosture['versioning'];
  lockMode: StorePosture['lockMode'];
  defaultRetentionDays: number | null;
  objects: number;
  /** Objects the latest snapshots need (all, without the identity) with no lock or an expired one. */
  unlockedObjects: { count: number; keys: string[] };
  /** The other objects with no lock or an expired one: short-locked (an agent's junk?) or past the retention. */
  expiredLocks: ExpiredView;
  deleteMarkers: KeyedTimes;
  overwrites: KeyedTimes;
  shortestRetention: { key: string; retainUntil: string; remainingDays: number } | null;
  staleSources: { name: string; newest: string; ageHours: number; rpoHours: number }[];
  tampered: string[];
  /** Snapshots that verify but should not be trusted: signed by a revoked writer, or a broken chain. */
  untrustedSnapshots: string[];
  /** Objects at keys Bulkhead never writes: skipped by every reader. */
  foreignObjects: KeyedTimes & { bytes: number };
  lifecycleRules: LifecycleRule[];
  /** A local vault: which retention files this look stat'ed (local-locks.ts); the others' dates are as at everyFileAt. */
  localLocks?: LocalLockCheck;
  immutable: boolean;
  verdict: string;
  notes: string[];
  /** Everything wrong, one entry each; any finding (even on an immutable vault) makes posture exit 1. */
  findings: Finding[];
}

const LISTED = 20;

/** One finding per item up to LISTED, then one saying how many more. */
function capped<C extends Finding['code']>(code: C, items: readonly string[], line: (item: string) => string, more: string): { code: C; message: string }[] {
  const named = items.slice(0, LISTED).map((i) => ({ code, message: line(i) }));
  return items.length > LISTED ? [...named, { code, message: `and ${items.length - LISTED} more ${more}` }] : named;
}

function times(rows: { key: string; lastModified: Date }[]): KeyedTimes {
  const sorted = [...rows].sort((a, b) => +a.lastModified - +b.lastModified);
  return {
    count: rows.length,
    ...(sorted[0] && { first: sorted[0].lastModified.toISOString(), last: sorted[sorted.length - 1]!.lastModified.toISOString() }),
    keys: sorted.slice(0, LISTED).map((r) => r.key),
  };
}

/**
 * Is the recovery layer intact? Reads the bucket's settings and every object's lock back from the
 * server (never from what was requested; with the identity, a sealed memory of the COMPLIANCE dates
 * the server gave before, which can only have moved later: object-locks.ts), and with it how long what the latest
 * snapshot of each source needs stays protected, and which sources are older than their RPO.
 */
export async function posture(args: { store: BlobStore; reader?: VaultReader; clock: Clock; rpoHours: number; rememberLocks?: boolean; allLocks?: boolean }): Promise<PostureReport> {
  const { store, reader, clock } = args;
  const now = clock.now();
  const p = await store.posture();
  const listing = await postureListing(store);
  const memory = args.rememberLocks === false ? LockMemory.none() : await objectLockMemory(reader, store.url);
  let needed: string[] | undefined;
  const stale: PostureReport['staleSources'] = [];
  const tampered: string[] = [];
  const untrusted: string[] = [];
  const anomalous: string[] = [];
  const failed: string[] = [];
  const incomplete: string[] = [];
  const contests: Contest[] = [];
  const heavy: Finding[] = [];
  if (reader) {
    const { snapshots, tampered: refused, manifestText } = await reader.snapshots();
    tampered.push(...reader.loaded.tampered, ...refused);
    heavy.push(...manifestTextFindings(manifestText, new Map(reader.config.writers.map((w) => [w.id, w.label]))));
    for (const s of snapshots) if (s.warnings.length) untrusted.push(`${s.id} (${readableTime(s.time)}): ${s.warnings.join('; ')}`);
    const anomalies = await snapshotAnomalies(reader);
    anomalous.push(...recentAnomalies(snapshots, anomalies));
    // snapshots come oldest first by bounded time (the claim, capped by the store's write time)
    const latest = new Map<string, (typeof snapshots)[number]>();
    const trusted = new Map<string, (typeof snapshots)[number]>();
    const claims = contestsOf(reader, snapshots);
    contests.push(...ambiguousContests(claims));
    // A revoked writer's copy (settled, not a finding) is no backup of its owner's source either.
    const owner = new Map([...claims.values()].map((c) => [c.name, c.owner.writerId]));
    for (const s of snapshots) {
      const found = anomalies.get(s.id) ?? [];
      for (const src of s.manifest.sources) {
        // A contested source's age and state are its owner's: another writer's copy cannot make it look fresh.
        if ((owner.get(src.name) ?? s.writerId) !== s.writerId) continue;
        latest.set(src.name, s);
        // An empty or gutted backup of a source is not a fresh backup of it: RPO counts from the last whole one.
        const whole = !src.failed && !found.some((a) => a.source === null || a.source === src.name);
        if (s.warnings.length === 0 && whole) trusted.set(src.name, s);
      }
    }
    // The latest snapshots' pack lists, read again (listings do not hold them: vault/snapshot-packs.ts)
    const wanted = new Set<string>();
    const lanes = new Lanes(8);
    for (const s of new Set(latest.values())) {
      wanted.add(s.key);
      await lanes.run(() =>
        snapshotPacks(reader.store, reader.config, reader.identity, s).then(
          (packs) => packs.forEach((p) => wanted.add(packKey(p))),
          (e: unknown) => void tampered.push(`${s.key}: ${e instanceof Error ? e.message : String(e)}`),
        ),
      );
    }
    await lanes.drain();
    needed = [...wanted];
    needed.push(`config/${String(reader.config.seq).padStart(8, '0')}`);
    for (const [name, s] of latest) {
      const src = s.manifest.sources.find((x) => x.name === name)!;
      if (src.failed) failed.push(`source ${name}: ${failedNote(src, `${s.id} (${readableTime(s.at)})`)}`);
      if (src.unread) incomplete.push(`snapshot ${s.id} (${readableTime(s.at)}): ${unreadNote(name, src.unread)}; give the agent read access or exclude them`);
      // Age of the newest trusted snapshot by bounded time: one dated 30 days ahead hides nothing,
      // and a source with none but future-dated ones (snapshot-list.ts futureTime) has no age: stale.
      const newest = (trusted.get(name) ?? s).at;
      const ageHours = (now.getTime() - new Date(newest).getTime()) / 3_600_000;
      if (ageHours > args.rpoHours || ageHours * 3_600_000 < -CLOCK_SKEW_MS) stale.push({ name, newest, ageHours: Math.round(ageHours * 10) / 10, rpoHours: args.rpoHours });
    }
  }
  // A local folder's locks: what the latest snapshots need, new objects and a sample, each file stat'ed
  // and read only when changed; every file at least daily and on --all-locks (local-locks.ts).
  const local = store.lockFiles ? await readLocalLocks(store.lockFiles, listing.objects, await localLockMemory(reader, store.url), { all: args.allLocks === true, ...(needed && { needed: new Set(needed) }) }) : undefined;
  // S3: a lock seen run out is taken as then, but for what the latest snapshots need and a sample (object-locks.ts)
  const s3 = local ? undefined : await readLocks(store, listing.objects, memory, now, { all: args.allLocks === true, ...(needed && { needed: new Set(needed) }) });
  const heads = local?.locks ?? s3!.locks;
  const days = retentionDays(reader, p);
  const sorted = sortUnlocked({ locks: heads, objects: listing.objects, now, ...(needed && { needed: new Set(needed) }), ...(days !== undefined && { retentionDays: days }) });
  const unlocked = sorted.needed;
  // Without the identity, every object but the date probe: its lock is a test of the server (a
  // wrapped 2106 reads back as 1970), judged in lockFindings, not a lock any data relies on.
  needed ??= [...heads.keys()].filter((k) => !(k.startsWith('probe/') && keyKind(k) === 'probe'));
  const least = await shortestLock(store, needed, listing.objects, heads, memory, now);
  await memory.save();
  const shortest = least?.retainUntil
    ? { key: least.key, retainUntil: least.retainUntil.toISOString(), remainingDays: Math.floor(((least.retainUntil.getTime() - now.getTime()) / DAY_MS) * 10) / 10 }
    : null;

  const notes = [...p.notes];
  if (local && !local.check.everyFile) notes.push(localLockNote(local.check));
  if (s3?.expired.remembered) notes.push(expiredNote(s3.expired));
  // GOVERNANCE locks can be lifted by anyone with s3:BypassGovernanceRetention: not immutable.
  const locked = p.lockMode === 'COMPLIANCE';
  const immutable = p.versioning === 'enabled' && locked && unlocked.length === 0 && tampered.length === 0;
  if (p.lockMode === 'GOVERNANCE') notes.push('GOVERNANCE mode can be bypassed by anyone with s3:BypassGovernanceRetention');
  const verdict = immutable
    ? `immutable: ${p.lockMode} Object Lock, every object locked${shortest ? `, shortest lock ${shortest.remainingDays} days` : ''}`
    : p.lockMode === 'LOCAL'
      ? 'not immutable: a local folder is append-only and read-only, but this machine’s administrator can delete it'
      : `NOT immutable: ${[
          p.versioning !== 'enabled' && 'versioning is off',
          p.lockMode === 'GOVERNANCE' && 'GOVERNANCE mode (bypassable with s3:BypassGovernanceRetention)',
          p.lockMode === 'NONE' && 'no Object Lock default retention',
          unlocked.length > 0 && `${unlocked.length} ${reader ? 'objects the latest snapshots need' : 'objects'} without a lock or with an expired one`,
          tampered.length > 0 && `${tampered.length} tampered objects`,
        ]
          .filter(Boolean)
          .join(', ')}`;
  const dated = lockFindings({ locks: heads, objects: listing.objects, now, bucketMode: p.lockMode, ...(days !== undefined && { retentionDays: days }) });
  notes.push(...dated.notes, ...pastRetentionNote(sorted));
  const missing = reader ? needed.filter((k) => !listing.objects.has(k)).sort() : [];
  const findings: Finding[] = [
    ...(immutable ? [] : [{ code: 'not-immutable' as const, message: verdict }]),
    ...unlockedFinding(sorted, !!reader),
    // A writer can store thousands of junk or untrusted snapshots: the first few are named, the rest
    // counted (`tampered` and `untrustedSnapshots` list each), so no flood pushes a real finding out of view.
    ...capped('tampered', tampered, (t) => `tampered: ${t}`, 'tampered objects (--json: tampered lists each)'),
    ...(missing.length ? [{ code: 'missing-objects' as const, message: `${missing.length} objects the latest snapshots need are missing`, keys: missing.slice(0, LISTED) }] : []),
    ...stale.map((s) => ({ code: 'stale-source' as const, message: `source ${s.name}: newest snapshot ${s.ageHours < 0 ? `dated ${-s.ageHours} h in the future, of no known age` : `${s.ageHours} h old`} (RPO ${s.rpoHours} h)` })),
    ...failed.map((message) => ({ code: 'failed-source' as const, message })),
    ...incomplete.map((message) => ({ code: 'incomplete-source' as const, message })),
    ...keyed('delete-markers', 'delete markers (attempted deletions)', listing.deleteMarkers),
    ...keyed('overwrites', 'attempted overwrites (later versions ignored)', listing.overwrites),
    ...expiredLocksFinding(sorted, days),
    ...capped('untrusted-snapshot', untrusted, (u) => `untrusted snapshot ${u}`, 'untrusted snapshots (--json: untrustedSnapshots lists each)'),
    ...anomalous.map((u) => ({ code: 'anomalous-snapshot' as const, message: `anomalous snapshot ${u}` })),
    ...contests.map((c) => ({ code: 'contested-source' as const, message: `${contestLine(c)}: its age and "latest" follow "${c.owner.writerLabel}"; if another should not back it up, it may be hijacked (revoke it), else give each its own source name` })),
    ...foreignFinding(listing.foreign),
    ...blockedFolders(store, reader),
    ...dated.findings,
    ...heavy,
    ...lifecycleFindings(p.lifecycleRules),
    ...uploadsFinding(p.incompleteUploads, p.lifecycleRules),
  ];
  return {
    store: store.url,
    versioning: p.versioning,
    lockMode: p.lockMode,
    defaultRetentionDays: p.defaultRetentionDays ?? null,
    objects: heads.size,
    unlockedObjects: { count: unlocked.length, keys: unlocked.slice(0, LISTED) },
    expiredLocks: expiredLocksView(sorted),
    deleteMarkers: times(listing.deleteMarkers),
    overwrites: times(listing.overwrites),
    shortestRetention: shortest,
    staleSources: stale,
    tampered,
    untrustedSnapshots: untrusted,
    foreignObjects: { ...times(listing.foreign), bytes: listing.foreign.reduce((n, v) => n + v.size, 0) },
    lifecycleRules: p.lifecycleRules ?? [],
    ...(local && { localLocks: local.check }),
    immutable,
    verdict,
    notes,
    findings,
  };
}

/**
 * A local vault's entries where a folder writers need goes (a file at `index/<writer>` or under
 * .bulkhead/retention/): each fails a writer's every backup until removed. With the identity, each
 * active writer's own index folder is checked and named; without it, the shared folders only.
 */
function blockedFolders(store: BlobStore, reader: VaultReader | undefined): Finding[] {
  if (!store.folderObstacles) return [];
  const writers = (reader?.config.writers ?? []).filter((w) => !w.revoked);
  return obstacleLines(store.folderObstacles(neededFolders(writers)), writers).map((message) => ({ code: 'blocked-folder' as const, message }));
}

/** The vault's retention when the identity is open, else the bucket's default (for lock-too-long). */
function retentionDays(reader: VaultReader | undefined, p: StorePosture): number | undefined {
  return reader?.config.retention.days ?? p.defaultRetentionDays;
}

function keyed(code: 'delete-markers' | 'overwrites', what: string, rows: { key: string; lastModified: Date }[]): Finding[] {
  if (rows.length === 0) return [];
  const t = times(rows);
  return [{ code, message: `${t.count} ${what} ${t.first} – ${t.last}`, keys: t.keys }];
}

/** Says how many run-out locks this look took from the memory rather than the server. */
function expiredNote(c: ExpiredCheck): string {
  return `locks: ${c.remembered} objects whose lock had run out at an earlier look are taken as then, not asked again (${c.sampled} asked now at random, and every one the latest snapshots need; --all-locks asks all)`;
}

/** Says exactly which local locks a look that did not stat every file checked, and since when the rest stand. */
function localLockNote(c: LocalLockCheck): string {
  return `locks: ${c.needed + c.new + c.sampled} retention files checked now (${c.needed} the latest snapshots need, ${c.new} new, ${c.sampled} at random); the other ${c.remembered} as at the look of ${c.everyFileAt} that checked every file (one does at least daily; --all-locks now)`;
}
