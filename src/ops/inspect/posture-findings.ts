import type { LifecycleRule, ListedVersion } from '../../storage/blob-store.js';
import { keyKind } from '../../vault/key-grammar.js';
import { farLockDays } from '../../vault/config.js';
import { DAY_MS } from '../../util/clock.js';
import type { ObjectLock } from './object-locks.js';

/** One thing posture found wrong; any finding makes `posture` exit 1. */
export interface Finding {
  code:
    | 'not-immutable'
    | 'unlocked-objects'
    | 'tampered'
    | 'missing-objects'
    | 'stale-source'
    | 'failed-source'
    | 'incomplete-source'
    | 'delete-markers'
    | 'overwrites'
    | 'untrusted-snapshot'
    | 'anomalous-snapshot'
    | 'contested-source'
    | 'foreign-objects'
    | 'retention-wrapped'
    | 'lock-too-long'
    | 'lifecycle-rule';
  message: string;
  keys?: string[];
}

const LISTED = 20;
const few = (keys: string[]) => keys.slice(0, LISTED);

/**
 * Locks that are wrong in themselves. A lock that reads back earlier than the object was written
 * is a date the server wrapped or lost (Ceph RGW 16 keeps retention dates modulo 2^32 s): the
 * object is deletable. A lock far beyond the retention is a cost attack (or a wrap that landed in
 * the future). The vault-init probe is neither: it is reported as a note about the server.
 */
export function lockFindings(args: { locks: Map<string, ObjectLock>; objects: Map<string, ListedVersion>; retentionDays?: number; now: Date }): { findings: Finding[]; notes: string[] } {
  const wrapped: string[] = [];
  const tooLong: string[] = [];
  const notes: string[] = [];
  const limit = args.retentionDays !== undefined ? args.now.getTime() + farLockDays(args.retentionDays) * DAY_MS : undefined;
  for (const lock of args.locks.values()) {
    if (!lock.retainUntil || lock.lockMode === 'NONE' || lock.lockMode === 'LOCAL') continue;
    const written = args.objects.get(lock.key)?.lastModified; // after the LOCAL skip: a local listing stats only what is asked
    const readsEarlier = !!written && lock.retainUntil.getTime() < written.getTime();
    if (keyKind(lock.key) === 'probe') {
      if (readsEarlier || lock.retainUntil.getTime() < 2 ** 32 * 1000) {
        notes.push(
          `this server wraps retention dates past 2106 (the vault-init probe ${lock.key} reads back ${lock.retainUntil.toISOString()}): an agent whose S3 keys may set such a date unlocks objects, unless the server enforces the policy's s3:object-lock-remaining-retention-days cap`,
        );
      }
    } else if (readsEarlier) wrapped.push(lock.key);
    else if (limit !== undefined && lock.retainUntil.getTime() > limit) tooLong.push(lock.key);
  }
  const findings: Finding[] = [];
  if (wrapped.length) {
    findings.push({ code: 'retention-wrapped', message: `${wrapped.length} objects whose lock reads back earlier than they were written (the server wrapped or lost the date; they can be deleted)`, keys: few(wrapped.sort()) });
  }
  if (tooLong.length) {
    findings.push({ code: 'lock-too-long', message: `${tooLong.length} objects locked more than ${farLockDays(args.retentionDays!)} days ahead, far beyond the ${args.retentionDays}-day retention (a cost attack?)`, keys: few(tooLong.sort()) });
  }
  return { findings, notes };
}

/** Lifecycle rules that expire, delete or move objects quietly erode the history. */
export function lifecycleFindings(rules: LifecycleRule[] | undefined): Finding[] {
  return (rules ?? [])
    .filter((r) => r.destructive)
    .map((r) => ({ code: 'lifecycle-rule' as const, message: `bucket lifecycle rule "${r.id}" (${r.prefix ? `prefix ${r.prefix}` : 'whole bucket'}) ${r.actions.join(', ')}` }));
}

/** Keys Bulkhead never writes: skipped by every reader, reported here with their size. */
export function foreignFinding(foreign: ListedVersion[]): Finding[] {
  const keys = [...new Set(foreign.map((v) => v.key))].sort();
  if (keys.length === 0) return [];
  const bytes = foreign.reduce((n, v) => n + v.size, 0);
  return [{ code: 'foreign-objects', message: `${keys.length} foreign objects (keys Bulkhead never writes, ${bytes} bytes), ignored by every reader: ${few(keys).join(', ')}`, keys: few(keys) }];
}
