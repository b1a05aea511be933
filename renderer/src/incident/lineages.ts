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
 * an attack hit, which a writer inventing new source names cannot push down), the oldest lineages
 * among them first (a writer can flag names it invented, but not give them a history: a snapshot
 * backdated where the store sets the times is warned, and warned ones found no lineage), then newest first.
 */
export function incidentLineages(snapshots: readonly SnapshotView[]): IncidentLineage[] {
  const out: IncidentLineage[] = [];
  const flaggedAfter = new Map<string, string>(); // source → the newest time a snapshot flagged it
  const since = new Map<string, string>(); // source → its first trusted snapshot's time
  for (const s of snapshots) {
    if (s.warnings.length === 0) for (const x of s.sources) if ((since.get(x.name) ?? '\uffff') > s.at) since.set(x.name, s.at);
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
  /** When the oldest lineage a group's attack hit began. */
  const oldest = (l: IncidentLineage) => l.hit.map((n) => since.get(n) ?? l.snapshot.at).sort()[0] ?? '';
  const older = (a: IncidentLineage, b: IncidentLineage) => (a.hit.length === 0 ? 0 : oldest(a) < oldest(b) ? -1 : oldest(a) > oldest(b) ? 1 : 0);
  return out.sort((a, b) => Number(b.hit.length > 0) - Number(a.hit.length > 0) || older(a, b) || newer(a, b));
}

/**
 * Sources a trusted snapshot holds that have no latest good snapshot, so no group above compares
 * them: every copy is flagged, or more than one writer backs the source up (a hijacked agent's
 * forged copy of it must not make it vanish from the incident unseen). With the newest reasons;
 * those more than one writer holds first (a writer inventing flagged names cannot push them down).
 */
export function uncomparedSources(snapshots: readonly SnapshotView[]): { name: string; why: string }[] {
  const grouped = new Set(snapshots.flatMap((s) => s.latestFor));
  const why = new Map<string, string | undefined>();
  const writers = new Map<string, Set<string>>();
  for (const s of [...snapshots].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    if (s.warnings.length > 0) continue;
    for (const x of s.sources) {
      if (grouped.has(x.name)) continue;
      writers.set(x.name, (writers.get(x.name) ?? new Set()).add(s.writer));
      const about = s.anomalies.filter((a) => a.source === x.name || a.source === null).map((a) => a.message);
      why.set(x.name, about.length > 0 ? about.join('; ') : (x.failed ?? why.get(x.name)));
    }
  }
  const held = (name: string) => writers.get(name)!.size;
  return [...why]
    .map(([name, w]) => ({ name, why: w ?? 'no snapshot of it is free of warnings and anomalies' }))
    .sort((a, b) => held(b.name) - held(a.name) || (a.name < b.name ? -1 : 1));
}

/**
 * The snapshot a lineage's latest good one followed: the newest older one holding any of its sources,
 * with no warning and no anomaly about them (a gutted one says nothing of what came before it).
 */
export function previousOf(snapshots: readonly SnapshotView[], lineage: IncidentLineage): SnapshotView | null {
  const names = new Set(lineage.sources.map((s) => s.name));
  let found: SnapshotView | null = null;
  for (const s of snapshots) {
    if (s.at >= lineage.snapshot.at || s.warnings.length > 0 || (found && found.at >= s.at)) continue;
    if (!s.sources.some((x) => names.has(x.name))) continue;
    if (s.anomalies.some((a) => a.source === null || names.has(a.source))) continue;
    found = s;
  }
  return found;
}
