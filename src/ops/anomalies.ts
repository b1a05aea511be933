import type { SnapshotInfo } from '../vault/snapshot-list.js';

export interface Anomaly {
  source: string | null;
  message: string;
}

/** Counts that an agent wiping things makes collapse: per source, and the number of sources. */
export interface SnapshotCounts {
  sources: number;
  /** Per source: files, and for git also refs and pipelines. */
  perSource: Map<string, Record<string, number>>;
}

const LOST_FRACTION = 0.5;

/**
 * A snapshot that lost more than half of what the one before it had (files, refs, pipelines,
 * sources) looks like the backup of a wipe. Each source compares with its own previous snapshot;
 * the number of sources with the previous snapshot by the same writer.
 */
export function findAnomalies(snapshots: readonly SnapshotInfo[], counts: Map<string, SnapshotCounts>): Map<string, Anomaly[]> {
  const out = new Map<string, Anomaly[]>();
  const lastBySource = new Map<string, Record<string, number>>();
  const lastByWriter = new Map<string, number>();
  for (const s of snapshots) {
    const found: Anomaly[] = s.warnings.map((message) => ({ source: null, message }));
    const c = counts.get(s.id);
    if (c) {
      const before = lastByWriter.get(s.writerId);
      if (before !== undefined && c.sources < before * LOST_FRACTION) {
        found.push({ source: null, message: `${c.sources} sources, down from ${before} in the previous snapshot` });
      }
      lastByWriter.set(s.writerId, c.sources);
      for (const [name, now] of c.perSource) {
        const was = lastBySource.get(name);
        for (const [what, n] of Object.entries(now)) {
          const had = was?.[what];
          if (had && n < had * LOST_FRACTION) {
            found.push({ source: name, message: `${name} lost ${Math.round((1 - n / had) * 100)}% of its ${what} (${had} → ${n})` });
          }
        }
        lastBySource.set(name, now);
      }
    }
    out.set(s.id, found);
  }
  return out;
}
