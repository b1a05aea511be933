import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { readableTime } from '../../util/clock.js';
import type { Anomaly } from './anomalies.js';

/**
 * The anomalies that are still the present state of the vault (posture's findings), newest last: an
 * anomaly about a source stands until a later trusted snapshot holds that source whole (backed up,
 * nothing flagged about it); one about the snapshot as a whole, until a later trusted snapshot with
 * no anomaly at all. Per source, because with a writer per place the database host's next run is no
 * recovery of the repository an agent wiped: a whole-snapshot rule let it hide the wipe.
 */
export function recentAnomalies(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>): string[] {
  const out: string[] = [];
  const recovered = new Set<string>();
  let wholeAfter = false;
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const s = snapshots[i]!;
    const found = anomalies.get(s.id) ?? [];
    const present = found.filter((a) => (a.source === null ? !wholeAfter : !recovered.has(a.source)));
    if (present.length > 0) out.push(`${s.id} (${readableTime(s.at)}): ${present.map((a) => a.message).join('; ')}`);
    if (s.warnings.length > 0) continue; // an untrusted snapshot recovers nothing
    for (const src of s.manifest.sources) if (!src.failed && !found.some((a) => a.source === src.name)) recovered.add(src.name);
    if (found.length === 0) wholeAfter = true;
  }
  return out.reverse();
}
