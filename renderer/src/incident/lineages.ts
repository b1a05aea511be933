import type { SnapshotView } from '../../../src/api/browse-methods.js';

export interface IncidentLineage {
  /** The latest good snapshot of these sources (`latest:NAME` of each). */
  snapshot: SnapshotView;
  sources: { name: string; kind: string }[];
}

/**
 * Every source from its own latest good snapshot, grouped by that snapshot, newest first. With one
 * writer per place (a CI runner for the repositories, the database host for its dumps), the newest
 * good snapshot holds only the last run's sources: comparing it alone would say "nothing changed"
 * about a repository wiped an hour after its own last backup.
 */
export function incidentLineages(snapshots: readonly SnapshotView[]): IncidentLineage[] {
  const out: IncidentLineage[] = [];
  for (const snapshot of snapshots) {
    if (snapshot.latestFor.length === 0) continue;
    const sources = [...snapshot.latestFor].sort().map((name) => ({ name, kind: snapshot.sources.find((s) => s.name === name)?.kind ?? '' }));
    out.push({ snapshot, sources });
  }
  return out.sort((a, b) => (a.snapshot.at < b.snapshot.at ? 1 : a.snapshot.at > b.snapshot.at ? -1 : 0));
}
