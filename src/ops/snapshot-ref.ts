import type { VaultReader } from '../vault/reader.js';
import { pickLatest, resolveSnapshot, type SkippedSnapshot, type SnapshotInfo } from '../vault/snapshot-list.js';
import { revokedWriters, snapshotAnomalies, type Anomaly } from './inspect/anomalies.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { contestedCopies, contestLine, sourceContests, type Contest } from './inspect/source-claims.js';
import { readableTime } from '../util/clock.js';

/** `SNAPSHOT[:NAME[/PATH]]` → the snapshot spec and the path inside it ("" for all of it). */
export function parseSnapshotRef(ref: string): { snapshot: string; path: string } {
  const i = ref.indexOf(':');
  return i === -1 ? { snapshot: ref, path: '' } : { snapshot: ref.slice(0, i), path: ref.slice(i + 1).replace(/^\/+|\/+$/g, '') };
}

export interface ChosenSnapshot {
  snap: SnapshotInfo;
  /** Newer snapshots "latest" passed over (newest first) and why; empty for an explicit id. */
  skipped: SkippedSnapshot[];
}

/**
 * What the operator means by SNAPSHOT: an id (or unique prefix) is taken as given, whatever its
 * warnings; "latest" is the newest snapshot with neither trust warnings nor content anomalies, so a
 * hijacked agent's empty or forged snapshot is never restored or browsed without being named.
 * With a source, "latest" is that source's lineage: the newest snapshot holding it, where only its
 * own anomalies and failures count.
 */
export async function chooseSnapshot(reader: VaultReader, spec: string, source?: string): Promise<ChosenSnapshot> {
  const { snapshots, tampered } = await reader.snapshots();
  try {
    if (spec !== 'latest') return { snap: resolveSnapshot(snapshots, spec), skipped: [] };
    return latestOf(snapshots, await snapshotAnomalies(reader), source, contestsOf(reader, snapshots));
  } catch (e) {
    throw isBulkheadError(e, 'NOT_FOUND') && tampered.length > 0 ? withRefused(e, snapshots.length, tampered) : e;
  }
}

/**
 * A snapshot the vault holds but refused (edited, forged, an unknown writer) is not one to choose,
 * but "no snapshots yet" or "no snapshot matches" alone would send the operator to back up again
 * when the vault's snapshots were tampered with: the error says so, and where to look.
 */
function withRefused(e: BulkheadError, trusted: number, tampered: readonly string[]): BulkheadError {
  const refused = `${tampered.length} snapshot object(s) in the vault were refused as tampered (${tampered[0]}${tampered.length > 1 ? '; …' : ''})`;
  const message = trusted === 0 ? `the vault holds no snapshot that verifies: ${refused}; "bulkhead posture" and "bulkhead check" say more (damage at the store, or a writer forging snapshots)` : `${e.message}; ${refused}`;
  return new BulkheadError('NOT_FOUND', message);
}

/** The source names more than one writer of this vault backs up (inspect/source-claims.ts). */
export function contestsOf(reader: VaultReader, snapshots: readonly SnapshotInfo[]): Map<string, Contest> {
  return sourceContests(snapshots, revokedWriters(reader));
}

/** The snapshot SPEC names, by the rule above: every op resolves a spec through this. */
export async function snapshotFor(reader: VaultReader, spec: string, source?: string): Promise<SnapshotInfo> {
  return (await chooseSnapshot(reader, spec, source)).snap;
}

/**
 * "latest" over snapshots whose anomalies are known (the console passes its own). A snapshot in
 * which a source's backup failed is passed over too (a hijacked agent could record a source as
 * failed to hide it), unless no snapshot is free of failures: then failures alone do not count.
 * With `source`, only snapshots holding it are candidates, and only that source's anomalies and
 * failure (and snapshot-wide ones) count. A source more than one unrevoked writer backs up
 * (`contests`) has no "latest": which writer's copy is the operator's to say (one of them may be
 * hijacked); otherwise a snapshot holding another writer's copy of a contested source (one since
 * revoked, say) is passed over.
 */
export function latestOf(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>, source?: string, contests: ReadonlyMap<string, Contest> = new Map()): ChosenSnapshot {
  const contest = source ? contests.get(source) : undefined;
  if (contest?.ambiguous) {
    throw new BulkheadError('AMBIGUOUS', `"latest" of ${contestLine(contest)}. If one of them should not back it up, it may be hijacked: revoke it ("bulkhead vault revoke"); otherwise name the snapshot by id`);
  }
  const against = (s: SnapshotInfo) => [
    ...(anomalies.get(s.id) ?? []).filter((a) => !source || a.source === null || a.source === source).map((a) => a.message),
    ...contestedCopies(s, contests).filter((c) => !source || c.source === source).map((c) => c.message),
  ];
  const failed = (s: SnapshotInfo) => s.manifest.sources.filter((x) => x.failed && (!source || x.name === source)).map((x) => `the backup of ${x.name} failed`);
  // Snapshots without the source are not candidates, and not worth a notice: an agent that backs
  // up one repository per run leaves every other one out of most snapshots.
  const holding = source ? snapshots.filter((s) => s.manifest.sources.some((x) => x.name === source)) : snapshots;
  if (source && holding.length === 0 && snapshots.length > 0) throw new BulkheadError('NOT_FOUND', `no snapshot holds a source named "${source}"; "bulkhead snapshots" lists the sources of each`);
  try {
    return pickLatest(holding, (s) => [...against(s), ...failed(s)]);
  } catch (e) {
    if (!isBulkheadError(e, 'NOT_FOUND')) throw e;
    return pickLatest(holding, against);
  }
}

/**
 * Every source's own "latest" (what latestOf gives with that source), in one pass from the newest
 * snapshot: where writers in different places each back up their own sources, the newest good
 * snapshot holds only some of them. An ambiguous source has none (latestOf refuses it); another
 * contested one is its owner's copy.
 */
export function latestPerSource(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>, contests: ReadonlyMap<string, Contest> = new Map()): Map<string, SnapshotInfo> {
  const found = new Map<string, SnapshotInfo>();
  /** The newest trusted snapshot holding each source, failures aside: used when every one of them failed it. */
  const anyway = new Map<string, SnapshotInfo>();
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const s = snapshots[i]!;
    const against = anomalies.get(s.id) ?? [];
    if (s.warnings.length > 0 || against.some((a) => a.source === null)) continue;
    for (const src of s.manifest.sources) {
      const contest = contests.get(src.name);
      if (found.has(src.name) || contest?.ambiguous || (contest && contest.owner.writerId !== s.writerId) || against.some((a) => a.source === src.name)) continue;
      if (!anyway.has(src.name)) anyway.set(src.name, s);
      if (!src.failed) found.set(src.name, s);
    }
  }
  for (const [name, s] of anyway) if (!found.has(name)) found.set(name, s);
  return found;
}

/** Lines for the operator (stderr) when "latest" passed over newer snapshots. */
export function skippedNotice(chosen: ChosenSnapshot): string[] {
  if (chosen.skipped.length === 0) return [];
  return [
    `"latest" is ${chosen.snap.id} (${readableTime(chosen.snap.at)}); passed over ${chosen.skipped.length} newer snapshot${chosen.skipped.length === 1 ? '' : 's'}:`,
    ...chosen.skipped.map((k) => `  ${k.snap.id} (${readableTime(k.snap.at)}): ${k.reasons.join('; ')}`),
    `  to use one anyway, name it by id, e.g. ${chosen.skipped[0]!.snap.id}`,
  ];
}
