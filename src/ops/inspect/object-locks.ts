import { randomInt } from 'node:crypto';
import type { BlobStore, ListedVersion } from '../../storage/blob-store.js';
import { Lanes } from '../../util/lanes.js';
import type { LockMemory } from './lock-memory.js';
import type { ObjectLock } from './object-lock.js';

export { LockMemory, objectLockMemory } from './lock-memory.js';
export type { ObjectLock } from './object-lock.js';

/** Locks seen run out at an earlier look that a look asks about again, at random (all of them on --all-locks). */
export const EXPIRED_SAMPLE = 32;

/** What a look at S3 locks did not ask the server, so posture can say it (a note). */
export interface ExpiredCheck {
  /** Objects whose lock had run out at an earlier look, taken as remembered. */
  remembered: number;
  /** Such objects asked again now, at random. */
  sampled: number;
}

async function head(store: BlobStore, v: ListedVersion, memory: LockMemory, now: Date): Promise<ObjectLock | undefined> {
  const info = await store.head(v.key, v.versionId);
  const lock = info && { key: v.key, lockMode: info.lockMode, ...(info.retainUntil && { retainUntil: info.retainUntil }), ...(info.legalHold && { legalHold: info.legalHold }) };
  memory.note(v, lock, now);
  return lock;
}

/**
 * Every listed object's lock: remembered while its remembered COMPLIANCE date is still ahead;
 * remembered as run out when an earlier look saw it so, unless the latest snapshots need the
 * object (`needed`), it is in a random sample of EXPIRED_SAMPLE, or `all` (posture --all-locks)
 * is asked; else read. A run-out lock can only be extended since, so the memory errs towards a
 * finding: N objects an agent locked for seconds cost N HEADs once, not at every look.
 */
export async function readLocks(
  store: BlobStore,
  objects: Map<string, ListedVersion>,
  memory: LockMemory,
  now: Date,
  scope: { all?: boolean; needed?: ReadonlySet<string> } = {},
): Promise<{ locks: Map<string, ObjectLock>; expired: ExpiredCheck }> {
  const locks = new Map<string, ObjectLock>();
  const lanes = new Lanes(16);
  const ask = (v: ListedVersion) =>
    lanes.run(async () => {
      const lock = await head(store, v, memory, now);
      if (lock) locks.set(v.key, lock);
    });
  const rest: ListedVersion[] = [];
  for (const v of objects.values()) {
    const until = memory.recall(v);
    if (until && until > now) {
      locks.set(v.key, { key: v.key, lockMode: 'COMPLIANCE', retainUntil: until, remembered: true });
      continue;
    }
    const ranOut = memory.recallExpired(v);
    if (ranOut && !scope.all && !scope.needed?.has(v.key)) {
      locks.set(v.key, { key: v.key, ...ranOut, remembered: true });
      rest.push(v);
    } else await ask(v);
  }
  // a random sample asked again: a run-out lock someone has extended since stops being reported
  const take = Math.min(rest.length, EXPIRED_SAMPLE);
  for (let i = 0; i < take; i++) {
    const j = i + randomInt(rest.length - i);
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    locks.delete(rest[i]!.key);
    await ask(rest[i]!);
  }
  await lanes.drain();
  return { locks, expired: { remembered: rest.length - take, sampled: take } };
}

/**
 * The shortest lock among `needed`, exact: in order of their known dates, remembered ones are read
 * again until the next known date cannot beat the shortest real one found (real ≥ remembered).
 */
export async function shortestLock(store: BlobStore, needed: string[], objects: Map<string, ListedVersion>, locks: Map<string, ObjectLock>, memory: LockMemory, now: Date): Promise<ObjectLock | undefined> {
  const dated = needed.map((k) => locks.get(k)).filter((l): l is ObjectLock & { retainUntil: Date } => !!l?.retainUntil);
  dated.sort((a, b) => +a.retainUntil - +b.retainUntil);
  let best: (ObjectLock & { retainUntil: Date }) | undefined;
  for (const lock of dated) {
    if (best && lock.retainUntil >= best.retainUntil) break;
    const real = lock.remembered ? await head(store, objects.get(lock.key)!, memory, now) : lock;
    if (real?.retainUntil && (!best || real.retainUntil < best.retainUntil)) best = { ...real, retainUntil: real.retainUntil };
  }
  return best;
}
