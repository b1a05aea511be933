import { useEffect } from 'react';
import { useApp } from '../stores/app.js';
import { useJobs } from '../stores/jobs.js';
import { useDiff } from '../stores/diff.js';
import { useBrowse } from '../stores/browse.js';
import { useVaultData } from '../stores/vault-data.js';
import { snapshotLabel, whenExact } from '../snapshot-label.js';
import { SnapshotPicker } from '../components/SnapshotPicker.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { SideBySide } from '../components/SideBySide.js';
import { ChangeList } from '../components/ChangeList.js';
import { countsByKind } from '../components/change-counts.js';
import { ForgeChangeList } from '../components/ForgeChangeList.js';
import { useForge } from '../stores/forge.js';
import { SourcesElsewhere, useSourcesElsewhere } from '../components/SourcesElsewhere.js';

/** What changed: snapshot against snapshot, or against the live state (what the agent destroyed). */
export function DiffScreen() {
  const { vaultId, snapshot, go, diffWanted } = useApp();
  const snapshots = useVaultData((s) => s.snapshots);
  const { from, to, ran, sources: all, focus, contentOnly, ranAt, file, loading, error, run, openFile, closeFile } = useDiff();
  const sources = all && focus ? all.filter((s) => s.name === focus) : all;
  // Against live, the sources this snapshot does not hold (another writer's runs): each from its own latest good one.
  const elsewhere = useSourcesElsewhere(ran?.to === 'live' ? from : null);
  // A restore that ended after this comparison changed the live side: compare the same sides again
  // (as run, not the Against picker's choice since).
  const lastRestore = useJobs((s) => s.jobs.filter((j) => j.kind === 'restore' && j.finished !== null).map((j) => j.finished!).sort().pop() ?? null);
  useEffect(() => {
    if (vaultId && ran && ranAt && lastRestore && lastRestore > ranAt && !loading) void run(vaultId, ran.from, ran.to, focus);
  }, [vaultId, ran, focus, ranAt, lastRestore, loading, run]);
  // A comparison an address asked for (reload, Back, a pasted link): run once, then the address follows what is shown.
  useEffect(() => {
    if (!vaultId || !diffWanted) return;
    useApp.setState({ diffWanted: null });
    void run(vaultId, diffWanted.from, diffWanted.against, diffWanted.source);
  }, [vaultId, diffWanted, run]);
  if (!vaultId) return null;

  // What the list shows was read from the compared snapshot, which the pickers may have left since.
  const restoreThis = (path: string) => {
    if (!from) return;
    useApp.getState().chooseSnapshot(from);
    useBrowse.getState().select([path]);
    go('restore');
  };
  const restoreForge = (source: string, forge: string) => (only: string[], label: string) => {
    if (!from) return;
    useForge.getState().choose({ vaultId, snapshot: from, source, forge, only, label });
    go('restore');
  };
  const totals = (sources ?? []).reduce((t, s) => ({ added: t.added + s.counts.added, removed: t.removed + s.counts.removed, changed: t.changed + s.counts.changed }), { added: 0, removed: 0, changed: 0 });
  const byKind = countsByKind(sources ?? []);
  // The header names the sides compared (as run), not the pickers, which may already name the next comparison.
  const ranTo = ran?.to ?? to;
  const fromTime = snapshots.find((s) => s.id === from)?.at;
  const toAt = snapshots.find((s) => s.id === ranTo)?.at;
  const toLabel = ranTo === 'live' ? 'live now' : `snapshot ${toAt ? whenExact(toAt) : ranTo.slice(0, 8)}`;
  const fromLabel = `snapshot ${fromTime ? whenExact(fromTime) : (from ?? '').slice(0, 8)}`;
  const pickersMoved = ran !== null && (ran.from !== snapshot || ran.to !== to);
  const compareOwn = (name: string, snap: string) => {
    useApp.getState().chooseSnapshot(snap);
    void run(vaultId, snap, 'live', name);
  };

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
            {fromLabel} ↔ {toLabel}
          </h2>
          {pickersMoved && !loading && <p className="muted" role="note">The pickers name another comparison: press Compare to run it. Below is still the one named here.</p>}
          {/* What was lost in words first (each count says what it counts), then the totals. */}
          <p className="counts" role="status">
            {byKind.length > 0 ? byKind.join(' · ') : 'No changes'}
            <span className="muted">
              {' '}
              ({totals.removed} removed · {totals.changed} changed · {totals.added} added in all)
            </span>
          </p>
          {focus && (
            <p>
              Only <strong>{focus}</strong> is shown. <button className="link" onClick={() => useDiff.setState({ focus: null })}>Show every source</button>
            </p>
          )}
          <SourcesElsewhere sources={elsewhere} label={(name) => `Compare ${name} with live`} act={(o) => compareOwn(o.name, o.snapshot.id)} />
          <label className="field inline">
            <input type="checkbox" checked={contentOnly} onChange={(e) => useDiff.setState({ contentOnly: e.target.checked })} />
            <span>Content changes only (hide changes of the modification time alone)</span>
          </label>
          {sources.map((s) => s.forge ? (
            <ForgeChangeList key={s.name} source={s} onRestore={restoreForge(s.name, s.forge)} />
          ) : (
            <ChangeList
              key={s.name}
              source={s}
              contentOnly={contentOnly}
              open={file && { path: file.path, view: <SideBySide file={file} left={fromLabel} right={toLabel} onClose={closeFile} /> }}
              onOpen={(path) => void openFile(vaultId, path)}
              onRestore={restoreThis}
            />
          ))}
        </>
      )}
    </section>
  );
}
