import { randomInt } from 'node:crypto';
import type { ListedVersion } from '../../storage/blob-store.js';
import type { LocalLockFiles } from '../../storage/local-locks.js';
import type { ObjectLock } from './object-locks.js';
import type { LocalLockMemory } from './local-lock-memory.js';

export { EVERY_FILE_MS, LocalLockMemory, localLockMemory, RACY_MS } from './local-lock-memory.js';

/** Remembered files stat'ed at random on a look that does not stat every one: this many, or 1% if more. */
export const SAMPLE = 256;

/** What a look at a local vault's locks stat'ed, so posture can say it (PostureReport.localLocks). */
export interface LocalLockCheck {
  /** Every object's retention file was stat'ed (and read where changed). */
  everyFile: boolean;
  /** Files stat'ed now: those the latest snapshots need, new ones (no remembered date), and a random sample. */
  needed: number;
  new: number;
  sampled: number;
  /** Objects whose date is the one remembered, their files not stat'ed on this look. */
  remembered: number;
  /** When every file was last stat'ed (ISO), this look's time when it did. */
  everyFileAt: string | null;
}

/**
 * Every listed object's LOCAL lock. A LOCAL date decides nothing (the verdict is "not immutable":
 * the administrator can delete the files), yet a year of hourly backups is ~25,000 retention files,
 * a stat each per look (#14). So a look stats (and reads where changed: recall/note) the files of
 * what the latest snapshots need, every new object's, and SAMPLE at random; the others keep the
 * date read under an unchanged stat at the last look that stat'ed every file, which one does at
 * least daily (EVERY_FILE_MS), when the memory does not open, and when `all` is asked
 * (`posture --all-locks`). Without a memory (no identity) every file is read.
 */
export async function readLocalLocks(
  files: LocalLockFiles,
  objects: Map<string, ListedVersion>,
  memory?: LocalLockMemory,
  scope: { all?: boolean; needed?: ReadonlySet<string> } = {},
): Promise<{ locks: Map<string, ObjectLock>; check: LocalLockCheck }> {
  const locks = new Map<string, ObjectLock>();
  const everyFile = !memory || scope.all === true || memory.everyFileDue;
  const check: LocalLockCheck = { everyFile, needed: 0, new: 0, sampled: 0, remembered: 0, everyFileAt: null };
  const look = (key: string): void => {
    const stamp = files.stamp(key);
    let until = stamp && memory?.recall(key, stamp);
    if (stamp && !until) {
      until = files.read(key);
      if (until) memory?.note(key, stamp, until);
    }
    locks.set(key, { key, lockMode: 'LOCAL', ...(until && { retainUntil: until }) });
  };
  const rest: string[] = [];
  for (const { key } of objects.values()) {
    if (everyFile || !memory) look(key);
    else if (scope.needed?.has(key)) {
      check.needed++;
      look(key);
    } else if (!memory.has(key)) {
      check.new++;
      look(key);
    } else rest.push(key);
  }
  if (!everyFile && memory) {
    // a random sample, stat'ed like the rest: a mass edit of dates is seen on the next look, not the next day
    const take = Math.min(rest.length, Math.max(SAMPLE, Math.floor(rest.length / 100)));
    for (let i = 0; i < take; i++) {
      const j = i + randomInt(rest.length - i);
      [rest[i], rest[j]] = [rest[j]!, rest[i]!];
      look(rest[i]!);
    }
    check.sampled = take;
    for (let i = take; i < rest.length; i++) {
      const key = rest[i]!;
      const until = memory.remembered(key);
      locks.set(key, { key, lockMode: 'LOCAL', ...(until !== undefined && { retainUntil: new Date(until) }) });
    }
    check.remembered = rest.length - take;
  } else memory?.everyFileChecked();
  const at = memory?.everyFileAt;
  check.everyFileAt = at === undefined ? null : new Date(at).toISOString();
  await memory?.save();
  return { locks, check };
}
