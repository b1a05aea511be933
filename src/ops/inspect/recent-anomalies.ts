import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { readableTime } from '../../util/clock.js';
import { SETTLE_MS, type Anomaly } from './anomalies.js';

/**
 * The anomalies that are still the present state of the vault (posture's findings), newest last: an
 * anomaly about a source stands until a later trusted snapshot holds that source whole (backed up,
 * nothing flagged about it); one about the snapshot as a whole, until a later trusted snapshot with
 * no anomaly at all. Per source, because with a writer per place the database host's next run is no
 * recovery of the repository an agent wiped: a whole-snapshot rule let it hide the wipe.
 * A history event (a branch deleted or force-pushed, a tag moved, the default branch changed) is not
 * undone by the next backup: the branch stays deleted and the next snapshot, holding the same refs,
 * is whole. It stands until a whole snapshot of its source SETTLE_MS after it, as a drop stands
 * before it becomes the new level: a week for someone to look, then it is history.
 */
export function recentAnomalies(snapshots: readonly SnapshotInfo[], anomalies: ReadonlyMap<string, readonly Anomaly[]>): string[] {
  const out: string[] = [];
  /** Per source, the newest trusted snapshot holding it whole (bounded time, ms). */
  const wholeAt = new Map<string, number>();
  let wholeAfter = false;
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const s = snapshots[i]!;
    const found = anomalies.get(s.id) ?? [];
    const at = Date.parse(s.at);
    const stands = (a: Anomaly) => {
      if (a.source === null) return !wholeAfter;
      const whole = wholeAt.get(a.source);
      return whole === undefined || (a.kind === 'history' && whole - at < SETTLE_MS);
    };
    const present = found.filter(stands);
    if (present.length > 0) out.push(`${s.id} (${readableTime(s.at)}): ${present.map((a) => a.message).join('; ')}`);
    if (s.warnings.length > 0) continue; // an untrusted snapshot recovers nothing
    for (const src of s.manifest.sources) if (!src.failed && !wholeAt.has(src.name) && !found.some((a) => a.source === src.name)) wholeAt.set(src.name, at);
    if (found.length === 0) wholeAfter = true;
  }
  return out.reverse();
}
