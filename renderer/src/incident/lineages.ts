import type { SnapshotView } from '../../../src/api/browse-methods.js';

export interface IncidentLineage {
  /** The latest good snapshot of these sources (`latest:NAME` of each). */
  snapshot: SnapshotView;
  sources: { name: string; kind: string }[];
  /** Its sources that a later snapshot flags (an anomaly about them, or their backup failed): what the attack hit. */
  hit: string[];
}

/**
 * Every source from its own latest good snapshot, grouped by that snapshot. With one writer per
 * place (a CI runner for the repositories, the database host for its dumps), the newest good
 * snapshot holds only the last run's sources: comparing it alone would say "nothing changed" about a
 * repository wiped an hour after its own last backup. Groups a later snapshot flags come first (what
 * an attack hit, which a writer inventing new source names cannot push down), then newest first.
 */
export function incidentLineages(snapshots: readonly SnapshotView[]): IncidentLineage[] {
  const out: IncidentLineage[] = [];
  const flaggedAfter = new Map<string, string>(); // source → the newest time a snapshot flagged it
  for (const s of snapshots) {
    const flagged = [...s.anomalies.map((a) => a.source), ...s.sources.filter((x) => x.failed).map((x) => x.name)];
    for (const name of flagged) if (name && (flaggedAfter.get(name) ?? '') < s.at) flaggedAfter.set(name, s.at);
  }
  for (const snapshot of snapshots) {
    if (snapshot.latestFor.length === 0) continue;
    const names = [...snapshot.latestFor].sort();
    const sources = names.map((name) => ({ name, kind: snapshot.sources.find((s) => s.name === name)?.kind ?? '' }));
    out.push({ snapshot, sources, hit: names.filter((n) => (flaggedAfter.get(n) ?? '') > snapshot.at) });
  }
  const newer = (a: IncidentLineage, b: IncidentLineage) => (a.snapshot.at < b.snapshot.at ? 1 : a.snapshot.at > b.snapshot.at ? -1 : 0);
  return out.sort((a, b) => Number(b.hit.length > 0) - Number(a.hit.length > 0) || newer(a, b));
}
