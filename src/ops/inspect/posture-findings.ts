import type { IncompleteUploads, LifecycleRule, ListedVersion } from '../../storage/blob-store.js';
import { keyKind } from '../../vault/key-grammar.js';
import { farLockDays } from '../../vault/config.js';
import { DAY_MS } from '../../util/clock.js';
import { formatBytes } from '../../util/bytes.js';
import type { ObjectLock } from './object-locks.js';

/** One thing posture found wrong; any finding makes `posture` exit 1. */
export interface Finding {
  code:
    | 'not-immutable'
    | 'unlocked-objects'
    | 'expired-locks'
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
    | 'blocked-folder'
    | 'retention-wrapped'
    | 'lock-too-long'
    | 'governance-locks'
    | 'legal-holds'
    | 'manifest-text'
    | 'lifecycle-rule'
    | 'incomplete-uploads';
  message: string;
  keys?: string[];
}

const LISTED = 20;
const few = (keys: string[]) => keys.slice(0, LISTED);

/**
 * Locks that are wrong in themselves. A lock that reads back earlier than the object was written
 * is a date the server wrapped or lost (Ceph RGW 16 keeps retention dates modulo 2^32 s): the
 * object is deletable. A lock far beyond the retention is a cost attack (or a wrap that landed in
 * the future). The vault-init probe is neither: it is reported as a note about the server. A
 * GOVERNANCE lock in a COMPLIANCE bucket can be lifted by anyone with bypass, and a legal hold keeps
 * an object past any retention: Bulkhead sets neither, an agent's keys could (red team 9).
 */
export function lockFindings(args: { locks: Map<string, ObjectLock>; objects: Map<string, ListedVersion>; retentionDays?: number; bucketMode?: string; now: Date }): { findings: Finding[]; notes: string[] } {
  const wrapped: string[] = [];
  const tooLong: string[] = [];
  const governance: string[] = [];
  const held: string[] = [];
  const notes: string[] = [];
  for (const lock of args.locks.values()) {
    if (lock.legalHold) held.push(lock.key);
    if (lock.lockMode === 'GOVERNANCE' && args.bucketMode === 'COMPLIANCE' && keyKind(lock.key) !== 'probe') governance.push(lock.key);
  }
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
  if (governance.length) {
    findings.push({ code: 'governance-locks', message: `${governance.length} objects locked in GOVERNANCE mode in this COMPLIANCE vault (Bulkhead never does: anyone with s3:BypassGovernanceRetention can delete them before their date)`, keys: few(governance.sort()) });
  }
  if (held.length) {
    findings.push({ code: 'legal-holds', message: `${held.length} objects under a legal hold (Bulkhead never sets one: kept past any retention until someone lifts it, at the bucket's cost)`, keys: few(held.sort()) });
  }
  return { findings, notes };
}

/**
 * Writers whose snapshots hold more than half the distinct manifest text one writer may (the
 * defence against a hijacked agent's flood of huge manifests, manifest-budget.ts): past all of it
 * their newer snapshots are refused as tampered, so the operator hears of it long before. An
 * honest writer of 1,000 sources, a tenth changing by the hour, reaches it in about eight months (~45 KiB a snapshot).
 */
export function manifestTextFindings(text: { byWriter: ReadonlyMap<string, number>; most: number }, labels: ReadonlyMap<string, string>): Finding[] {
  return [...text.byWriter]
    .filter(([, bytes]) => bytes > text.most / 2)
    .map(([writer, bytes]) => ({
      code: 'manifest-text' as const,
      message: `writer "${labels.get(writer) ?? writer}" (${writer}): its snapshots hold ${formatBytes(bytes)} of distinct manifest text, ${Math.floor((bytes / text.most) * 100)}% of the ${formatBytes(text.most)} one writer may (a bound against a hijacked agent's flood); past it, its newer snapshots are refused as tampered: split its sources over more writers (vault enroll), or revoke it if it should not write so much`,
    }));
}

/** Lifecycle rules that expire, delete or move objects quietly erode the history. */
export function lifecycleFindings(rules: LifecycleRule[] | undefined): Finding[] {
  return (rules ?? [])
    .filter((r) => r.destructive)
    .map((r) => ({ code: 'lifecycle-rule' as const, message: `bucket lifecycle rule "${r.id}" (${r.prefix ? `prefix ${r.prefix}` : 'whole bucket'}) ${r.actions.join(', ')}` }));
}

/**
 * Keys Bulkhead never writes, and a local vault's entries that are no file (each named with what
 * it is: "a FIFO, not a file: …"): skipped by every reader, reported here with their size.
 */
export function foreignFinding(foreign: ListedVersion[]): Finding[] {
  const keys = [...new Set(foreign.map((v) => v.key))].sort();
  if (keys.length === 0) return [];
  const bytes = foreign.reduce((n, v) => n + v.size, 0);
  const why = new Map(foreign.filter((v) => v.notAFile).map((v) => [v.key, v.notAFile]));
  const named = few(keys).map((k) => (why.has(k) ? `${k} (${why.get(k)})` : k));
  return [{ code: 'foreign-objects', message: `${keys.length} foreign objects (keys Bulkhead never writes, ${bytes} bytes), ignored by every reader: ${named.join(', ')}`, keys: few(keys) }];
}

/**
 * Multipart uploads Bulkhead never starts (it puts each object whole): parts stored at the bucket
 * owner's cost that no version listing shows, kept until a lifecycle rule or someone aborts them.
 */
export function uploadsFinding(uploads: IncompleteUploads | undefined, rules: LifecycleRule[] | undefined): Finding[] {
  if (!uploads?.count) return [];
  const abort = abortRule(rules);
  const fate = abort ? `lifecycle rule "${abort.id}" ${abort.actions.find((a) => a.startsWith('aborts'))}` : 'nothing aborts them: add a lifecycle rule with AbortIncompleteMultipartUpload (Object Lock allows it)';
  const since = uploads.oldest ? `, the oldest started ${uploads.oldest.toISOString()}` : '';
  return [{
    code: 'incomplete-uploads',
    message: `${uploads.complete ? '' : 'at least '}${uploads.count} incomplete multipart uploads (Bulkhead never starts one: stored at the bucket's cost, in no version listing${since}); ${fate}: ${few(uploads.keys).join(', ')}`,
    keys: few(uploads.keys),
  }];
}

/** A whole-bucket lifecycle rule that aborts incomplete multipart uploads, if the bucket has one. */
export const abortRule = (rules: LifecycleRule[] | undefined): LifecycleRule | undefined =>
  (rules ?? []).find((r) => r.prefix === '' && r.actions.some((a) => a.startsWith('aborts incomplete uploads')));
