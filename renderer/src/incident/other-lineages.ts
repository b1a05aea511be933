import type { SnapshotView } from '../../../src/api/browse-methods.js';

export interface OtherLineage {
  name: string;
  kind: string;
  /** Its own latest good snapshot (`latest:NAME`). */
  snapshot: SnapshotView;
}

/**
 * The sources the incident's snapshot does not hold, each with its own latest good snapshot: a
 * writer in another place (the database host, another CI runner) backs up its sources in runs of
 * its own, and the newest good snapshot is only the last run's. Newest first.
 */
export function otherLineages(snapshots: readonly SnapshotView[], good: SnapshotView | null): OtherLineage[] {
  const held = new Set(good?.sources.map((s) => s.name) ?? []);
  const out: OtherLineage[] = [];
  for (const snapshot of snapshots) {
    for (const name of snapshot.latestFor) {
      if (held.has(name)) continue;
      out.push({ name, kind: snapshot.sources.find((s) => s.name === name)?.kind ?? '', snapshot });
    }
  }
  return out.sort((a, b) => (a.snapshot.at < b.snapshot.at ? 1 : a.snapshot.at > b.snapshot.at ? -1 : a.name < b.name ? -1 : 1));
}
