/** What speaks against a snapshot, from what the reader counted, and the lineages' levels it is judged by (anomalies.ts). */
export interface Anomaly {
  source: string | null;
  message: string;
  /**
   * "history": a repository's history changed (a watched branch deleted or force-pushed, a tag
   * deleted or moved, the default branch changed: history-events.ts), said `SOURCE: …`. It passes
   * the snapshot over as its source's "latest" like any anomaly, but a later whole snapshot does not
   * undo it: posture keeps it for SETTLE_MS (recent-anomalies.ts).
   */
  kind?: 'history';
}

/** What Baselines holds, as JSON: a kept look resumes from it (look-cache.ts). */
export interface LevelsState {
  accepted: [string, Record<string, number>][];
  droppedSince: [string, number][];
}
