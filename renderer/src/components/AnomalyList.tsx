import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { useApp } from '../stores/app.js';
import { useDiff } from '../stores/diff.js';
import { when } from '../format.js';
import { shownText } from '../shown-text.js';
import { isHistoryEvent } from '../history-event.js';

type Anomaly = SnapshotView['anomalies'][number];

/** The snapshots around an anomaly in its own source's lineage: the one before, and whether the next is whole again. */
function lineage(snapshots: SnapshotView[], i: number, a: Anomaly) {
  const holds = (x: SnapshotView) => a.source === null || x.sources.some((y) => y.name === a.source);
  const previous = snapshots.slice(0, i).reverse().find(holds);
  const next = snapshots.slice(i + 1).find(holds);
  const whole = (x: SnapshotView) =>
    !x.anomalies.some((b) => b.source === null || b.source === a.source) && x.warnings.length === 0 && !x.sources.some((y) => y.name === a.source && y.failed !== undefined);
  return { previous, recovered: next && whole(next) ? next : undefined };
}

/** Every anomaly, on its source's lineage: recovered or not, and a diff of that source before ↔ at the anomaly. */
export function AnomalyList({ vaultId, snapshots }: { vaultId: string; snapshots: SnapshotView[] }) {
  const rows = snapshots.flatMap((s, i) => s.anomalies.map((a) => ({ s, a, ...lineage(snapshots, i, a) })));
  if (rows.length === 0) return null;
  const compare = (from: string, to: string, source: string | null) => {
    useApp.getState().chooseSnapshot(from, 'diff');
    void useDiff.getState().run(vaultId, from, to, source);
  };
  return (
    <div className="card bad" aria-label="Anomalies">
      <h2>⚠ Anomalies</h2>
      <ul>
        {rows.map(({ s, a, previous, recovered }) => (
          <li key={`${s.id}${a.message}`}>
            {when(s.at)} <span className="mono">{s.id.slice(0, 8)}</span>: {shownText(a.message)}
            {isHistoryEvent(a) ? (
              // a later whole backup brings no deleted branch back: the snapshot before holds it as it was
              <span className="warn"> · history changed here; the snapshot before holds it as it was</span>
            ) : recovered ? (
              <span className="ok-text"> · ✔ recovered in snapshot {when(recovered.at)} ({recovered.id.slice(0, 8)})</span>
            ) : (
              <span className="warn"> · not recovered in a later snapshot</span>
            )}{' '}
            {previous ? (
              <button className="link" onClick={() => compare(previous.id, s.id, a.source)}>Compare with the snapshot before</button>
            ) : (
              <button className="link" onClick={() => useApp.getState().chooseSnapshot(s.id, 'browse')}>Open it</button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
