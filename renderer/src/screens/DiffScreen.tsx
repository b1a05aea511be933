import { useApp } from '../stores/app.js';
import { useDiff } from '../stores/diff.js';
import { useBrowse } from '../stores/browse.js';
import { useVaultData } from '../stores/vault-data.js';
import { when } from '../format.js';
import { snapshotLabel } from '../snapshot-label.js';
import { SnapshotPicker } from '../components/SnapshotPicker.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { SideBySide } from '../components/SideBySide.js';
import { ChangeList } from '../components/ChangeList.js';

/** What changed: snapshot against snapshot, or against the live state (what the agent destroyed). */
export function DiffScreen() {
  const { vaultId, snapshot, go } = useApp();
  const snapshots = useVaultData((s) => s.snapshots);
  const { to, sources: all, focus, file, loading, error, run, openFile, closeFile } = useDiff();
  const sources = all && focus ? all.filter((s) => s.name === focus) : all;
  if (!vaultId) return null;

  const restoreThis = (path: string) => {
    useBrowse.getState().select([path]);
    go('restore');
  };
  const totals = (sources ?? []).reduce((t, s) => ({ added: t.added + s.counts.added, removed: t.removed + s.counts.removed, changed: t.changed + s.counts.changed }), { added: 0, removed: 0, changed: 0 });
  const fromTime = snapshots.find((s) => s.id === snapshot)?.at;
  const toLabel = to === 'live' ? 'live now' : `snapshot ${when(snapshots.find((s) => s.id === to)?.at)}`;

  return (
    <section aria-labelledby="diff-title">
      <header className="row">
        <h1 id="diff-title">Diff</h1>
        <SnapshotPicker label="From snapshot" />
        <label className="field inline">
          <span>Against</span>
          <select aria-label="Against" value={to} onChange={(e) => useDiff.setState({ to: e.target.value })}>
            <option value="live">the live sources on this machine</option>
            {[...snapshots].reverse().map((s) => (
              <option key={s.id} value={s.id}>
                snapshot {snapshotLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" disabled={!snapshot || loading} onClick={() => snapshot && void run(vaultId, snapshot, to)}>
          {loading ? 'Comparing…' : 'Compare'}
        </button>
      </header>
      <ErrorNote message={error} />
      {sources && (
        <>
          <h2 aria-label="Compared sides">
            snapshot {when(fromTime)} ↔ {toLabel}
          </h2>
          <p className="counts" role="status">
            {totals.removed} removed · {totals.changed} changed · {totals.added} added
          </p>
          {focus && (
            <p>
              Only <strong>{focus}</strong> is shown. <button className="link" onClick={() => useDiff.setState({ focus: null })}>Show every source</button>
            </p>
          )}
          {sources.map((s) => (
            <ChangeList key={s.name} source={s} onOpen={(path) => void openFile(vaultId, path)} onRestore={restoreThis} />
          ))}
        </>
      )}
      {file && <SideBySide file={file} left={`snapshot ${when(fromTime)}`} right={toLabel} onClose={closeFile} />}
    </section>
  );
}
