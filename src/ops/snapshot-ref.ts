import type { VaultReader } from '../vault/reader.js';
import { pickLatest, resolveSnapshot, type SkippedSnapshot, type SnapshotInfo } from '../vault/snapshot-list.js';
import { snapshotAnomalies, type Anomaly } from './anomalies.js';

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
 */
export async function chooseSnapshot(reader: VaultReader, spec: string): Promise<ChosenSnapshot> {
  const { snapshots } = await reader.snapshots();
  if (spec !== 'latest') return { snap: resolveSnapshot(snapshots, spec), skipped: [] };
  return latestOf(snapshots, await snapshotAnomalies(reader));
}

/** The snapshot SPEC names, by the rule above: every op resolves a spec through this. */
export async function snapshotFor(reader: VaultReader, spec: string): Promise<SnapshotInfo> {
  return (await chooseSnapshot(reader, spec)).snap;
}

/** "latest" over snapshots whose anomalies are known (the console passes its own). */
export function latestOf(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>): ChosenSnapshot {
  return pickLatest(snapshots, (s) => (anomalies.get(s.id) ?? []).map((a) => a.message));
}

/** Lines for the operator (stderr) when "latest" passed over newer snapshots. */
export function skippedNotice(chosen: ChosenSnapshot): string[] {
  if (chosen.skipped.length === 0) return [];
  return [
    `"latest" is ${chosen.snap.id} (${chosen.snap.at}); passed over ${chosen.skipped.length} newer snapshot${chosen.skipped.length === 1 ? '' : 's'}:`,
    ...chosen.skipped.map((k) => `  ${k.snap.id} (${k.snap.at}): ${k.reasons.join('; ')}`),
    `  to use one anyway, name it by id, e.g. ${chosen.skipped[0]!.snap.id}`,
  ];
}
