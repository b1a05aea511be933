import type { SnapshotView } from '../../../src/api/browse-methods.js';
import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import { useApp } from '../stores/app.js';
import { countsByKind, isLoss } from '../components/change-counts.js';
import { whenExact } from '../snapshot-label.js';
import { ago } from '../format.js';

/**
 * What the latest good snapshot already lacks against the one before it. A targeted strike (a
 * branch deleted, a workflow removed, a folder) is no anomaly, and the next scheduled backup keeps
 * it as "good": its comparison with live then says nothing changed. Said here, with the way to
 * compare from before it.
 */
export function LostBefore({ previous, sources, onlySource }: { previous: SnapshotView; sources: SourceDiff[]; onlySource: string | null }) {
  const lost = countsByKind(sources.map((s) => ({ changes: s.changes.filter(isLoss) })));
  if (lost.length === 0) return null;
  const compare = () => {
    useApp.setState({ snapshot: previous.id, diffWanted: { from: previous.id, against: 'live', source: onlySource }, screen: 'diff' });
  };
  return (
    <div className="card" role="note" aria-label="Lost before this snapshot">
      <p className="warn">
        ⚠ This snapshot already lacks what the one before it held ({whenExact(previous.at)}, {ago(previous.at)}, <span className="mono">{previous.id.slice(0, 12)}</span>): {lost.join(' · ')}. If the agent struck before this
        backup ran, that is not in the comparison with live below.
      </p>
      <button onClick={compare}>Compare {whenExact(previous.at)} with live</button>
    </div>
  );
}
