import { sourceType } from '../../sources/registry.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { holdsNothing } from '../backup/failed-sources.js';
import { hasEvents, refEventMessages, type RefEvents } from './ref-events.js';
import type { Contest } from './source-claims.js';

/** A git source whose manifest differs from the one before it in its lineage: what is to be compared. */
export interface ManifestPair {
  snapshot: string;
  source: string;
  /** The lineage's manifest before (undefined: the first of it). */
  before: string | undefined;
  after: string;
}

/** Where the events of a pair come from: the snapshot counter (its cache first). */
export interface RefEventSource {
  knownRefEvents(before: string | undefined, after: string): RefEvents | undefined;
  refEvents(before: string | undefined, after: string): Promise<RefEvents>;
}

/** A history event as an anomaly (anomalies.ts's Anomaly, kind "history"). */
export interface HistoryAnomaly {
  source: string;
  message: string;
  kind: 'history';
}

/** Pairs compared at once: each holds two manifests' refs while it waits. */
const AT_ONCE = 16;

/**
 * The pairs of consecutive git manifests of each source lineage, chosen as findAnomalies' Baselines
 * choose a level: by source name, in snapshot order; another writer's copy of a contested source is
 * compared with its owner's manifest but never becomes the one the next is compared with. A source
 * that holds nothing (its backup failed) is skipped. The same manifest id as before is no pair (the
 * common case: an unchanged repository reuses its manifest blob), so this costs a string compare per
 * git source per snapshot and reads nothing. `last`: each lineage's manifest before `snapshots`
 * (a kept look's), left holding each one's last.
 */
export function manifestPairs(snapshots: readonly SnapshotInfo[], contests: ReadonlyMap<string, Contest>, last = new Map<string, string>()): ManifestPair[] {
  const out: ManifestPair[] = [];
  for (const s of snapshots) {
    for (const src of s.manifest.sources) {
      if (!src.manifest || holdsNothing(src) || sourceType(src.kind).counted !== 'git-manifest') continue;
      const before = last.get(src.name);
      if (before !== src.manifest) out.push({ snapshot: s.id, source: src.name, before, after: src.manifest });
      const owner = contests.get(src.name)?.owner.writerId;
      if (!owner || owner === s.writerId) last.set(src.name, src.manifest);
    }
  }
  return out;
}

/**
 * Each snapshot's history events as anomalies (kind "history"), by snapshot id. A pair whose
 * manifest cannot be read has none here: its counts already say it cannot be counted.
 */
export async function historyAnomalies(pairs: readonly ManifestPair[], from: RefEventSource): Promise<Map<string, HistoryAnomaly[]>> {
  const events: (RefEvents | undefined)[] = pairs.map((p) => from.knownRefEvents(p.before, p.after));
  const todo = events.flatMap((e, i) => (e ? [] : [i]));
  for (let i = 0; i < todo.length; i += AT_ONCE) {
    await Promise.all(
      todo.slice(i, i + AT_ONCE).map(async (j) => {
        const p = pairs[j]!;
        events[j] = await from.refEvents(p.before, p.after).catch(() => undefined);
      }),
    );
  }
  const out = new Map<string, HistoryAnomaly[]>();
  pairs.forEach((p, i) => {
    const e = events[i];
    if (!e || !hasEvents(e)) return;
    const found = out.get(p.snapshot) ?? [];
    for (const message of refEventMessages(p.source, e)) found.push({ source: p.source, message, kind: 'history' });
    out.set(p.snapshot, found);
  });
  return out;
}
