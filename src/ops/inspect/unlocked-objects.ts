import type { ListedVersion } from '../../storage/blob-store.js';
import { keyKind } from '../../vault/key-grammar.js';
import { lockFloorDays } from '../../vault/config.js';
import { DAY_MS } from '../../util/clock.js';
import type { Finding } from './posture-findings.js';
import type { ObjectLock } from './object-locks.js';

const LISTED = 20;

/** Objects without a lock or with one that has run out, by what it means. */
export interface Unlocked {
  /** What the latest snapshots need (every object, without the identity): the vault is not immutable. */
  needed: string[];
  /** The others locked for less than the retention (less a day) from when they were written, or not at all: never a Bulkhead writer's doing. */
  shortLocked: string[];
  /** The others, locked for the retention when written and run out since: older snapshots' data, as designed. */
  pastRetention: string[];
}

/** The report's view of the objects no latest snapshot needs: a count and the first keys, short locks first. */
export interface ExpiredView {
  count: number;
  shortLocked: number;
  pastRetention: number;
  keys: string[];
}

const runOut = (l: ObjectLock, now: Date) => l.lockMode === 'NONE' || !l.retainUntil || l.retainUntil <= now;

/**
 * Sorts the objects whose lock is gone. A hijacked agent can store any number of objects under
 * locks of seconds (where the server ignores the policy's floor, iam-policy.ts): counted with what
 * the snapshots need, they said "NOT immutable" for ever and named the junk before a real unlocked
 * pack. `needed` undefined (no identity): every object is needed, as nothing tells them apart.
 */
export function sortUnlocked(args: { locks: Map<string, ObjectLock>; objects: Map<string, ListedVersion>; needed?: ReadonlySet<string>; now: Date; retentionDays?: number }): Unlocked {
  const out: Unlocked = { needed: [], shortLocked: [], pastRetention: [] };
  const floor = args.retentionDays === undefined ? undefined : lockFloorDays(args.retentionDays) * DAY_MS;
  // the lock test first: the key grammar is asked of the few without one, not of every object
  for (const l of args.locks.values()) {
    if (!runOut(l, args.now) || keyKind(l.key) === 'probe') continue; // the date probe holds no data: judged in lockFindings
    if (!args.needed || args.needed.has(l.key)) out.needed.push(l.key);
    else {
      const written = args.objects.get(l.key)?.lastModified;
      const short = l.lockMode === 'NONE' || !l.retainUntil || floor === undefined || !written || l.retainUntil.getTime() - written.getTime() < floor;
      (short ? out.shortLocked : out.pastRetention).push(l.key);
    }
  }
  for (const keys of Object.values(out) as string[][]) keys.sort();
  return out;
}

export function expiredLocksView(u: Unlocked): ExpiredView {
  return { count: u.shortLocked.length + u.pastRetention.length, shortLocked: u.shortLocked.length, pastRetention: u.pastRetention.length, keys: [...u.shortLocked, ...u.pastRetention].slice(0, LISTED) };
}

/** The objects the latest snapshots need first: the serious finding, which no flood of junk pushes out of view. */
export function unlockedFinding(u: Unlocked, withIdentity: boolean): Finding[] {
  if (!u.needed.length) return [];
  const what = withIdentity ? 'objects the latest snapshots need have' : 'objects have';
  return [{ code: 'unlocked-objects', message: `${u.needed.length} ${what} no lock or an expired one: they can be deleted`, keys: u.needed.slice(0, LISTED) }];
}

/**
 * The other objects without a lock, counted apart and said what they mean. Only short locks are a
 * finding: data past the retention that no latest snapshot needs is how a vault older than its
 * retention ages (pastRetentionNote), not something to act on.
 */
export function expiredLocksFinding(u: Unlocked, retentionDays: number | undefined): Finding[] {
  if (u.shortLocked.length === 0) return [];
  const message = `${u.shortLocked.length} objects no latest snapshot needs were locked for less than the ${retentionDays ?? '?'}-day retention when written, or not at all (never a Bulkhead writer's doing: a hijacked agent's keys where the server ignores the policy's lock floor, or a writer's clock far off; see which keys stored them in the S3 access log, revoke that writer, then delete them with S3 tools)`;
  return [{ code: 'expired-locks', message, keys: u.shortLocked.slice(0, LISTED) }];
}

/**
 * Older snapshots' data whose lock ran out as designed: a note, so that an old vault is not a finding
 * for ever. Index segments apart: writers extend the packs later snapshots still use, not the
 * segments that say where their blobs are; without them a reader reads each such pack's footer
 * instead (vault/covered-lookup.ts), which costs two reads per pack: said, so keeping them is a choice.
 */
export function pastRetentionNote(u: Unlocked): string[] {
  const index = u.pastRetention.filter((k) => keyKind(k) === 'index').length;
  const other = u.pastRetention.length - index;
  return [
    ...(other > 0 ? [`${other} objects no latest snapshot needs are past the retention (older snapshots' data, unprotected as designed: keep or delete them)`] : []),
    ...(index > 0 ? [`${index} index segments are past the retention: keep them, readers find the blobs of packs later snapshots still use through them (without them, a reader reads those packs' own footers: slower, nothing lost)`] : []),
  ];
}
