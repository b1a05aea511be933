import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useApp } from '../stores/app.js';
import { useVaultData } from '../stores/vault-data.js';
import { formatBytes, when } from '../format.js';
import { whenExact } from '../snapshot-label.js';
import { ErrorNote } from '../components/ErrorNote.js';

const WIDTH = 900;
const LANE = 44;
const LEFT = 140;

/** One lane per source, time flowing right; dots sized by bytes added, anomalies in red. */
export function TimelineScreen() {
  const { vaultId, snapshot, chooseSnapshot } = useApp();
  const { snapshots, posture, error, load } = useVaultData();
  useEffect(() => {
    if (vaultId && snapshots.length === 0) void load(vaultId, { unlocked: true });
  }, [vaultId, snapshots.length, load]);

  const sources = useMemo(() => [...new Set(snapshots.flatMap((s) => s.sources.map((x) => x.name)))].sort(), [snapshots]);
  const times = snapshots.map((s) => new Date(s.at).getTime());
  const [min, max] = [Math.min(...times), Math.max(...times)];
  const span = Math.max(max - min, 60_000);
  const [zoom, setZoom] = useState(1);
  const [center, setCenter] = useState(0.5);
  const viewStart = min - span * 0.05 + (span * 1.1) * (center - 0.5 / zoom);
  const viewSpan = (span * 1.1) / zoom;
  const x = (t: number) => LEFT + ((t - viewStart) / viewSpan) * (WIDTH - LEFT - 20);
  const biggest = Math.max(1, ...snapshots.map((s) => s.bytesAdded));
  // The point in time is the global one: none chosen yet means what Browse, Diff and Restore start
  // from ("latest", never an anomalous one), not the oldest snapshot.
  const latest = snapshots.find((s) => s.latest);
  useEffect(() => {
    if (!snapshot && latest) chooseSnapshot(latest.id);
  }, [snapshot, latest, chooseSnapshot]);
  const chosen = snapshots.findIndex((s) => s.id === snapshot);
  const selectedIndex = Math.max(0, chosen);

  if (snapshots.length === 0) return <section><h1>Timeline</h1><ErrorNote message={error} /><p className="muted">No snapshots yet.</p></section>;

  const open = (id: string) => chooseSnapshot(id, 'browse');
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') open(id);
  };
  const band = posture?.deleteMarkers.first && posture.deleteMarkers.last ? [new Date(posture.deleteMarkers.first).getTime(), new Date(posture.deleteMarkers.last).getTime()] : null;

  return (
    <section aria-labelledby="timeline-title">
      <header className="row">
        <h1 id="timeline-title">Timeline</h1>
        <div className="zoom">
          <button aria-label="Zoom out" onClick={() => setZoom(Math.max(1, zoom / 2))}>−</button>
          <span>{zoom}×</span>
          <button aria-label="Zoom in" onClick={() => setZoom(Math.min(64, zoom * 2))}>+</button>
        </div>
      </header>
      <svg className="timeline" viewBox={`0 0 ${WIDTH} ${sources.length * LANE + 30}`} role="group" aria-label="Snapshots over time" onWheel={(e) => setZoom(Math.min(64, Math.max(1, e.deltaY < 0 ? zoom * 2 : zoom / 2)))}>
        {band && <rect className="band" x={x(band[0]!) - 3} y={0} width={Math.max(6, x(band[1]!) - x(band[0]!) + 6)} height={sources.length * LANE}><title>delete markers (attempted deletions)</title></rect>}
        {sources.map((name, i) => (
          <g key={name}>
            <text x={8} y={i * LANE + LANE / 2 + 4} className="lane-label">{name}</text>
            <line x1={LEFT} x2={WIDTH - 10} y1={i * LANE + LANE / 2} y2={i * LANE + LANE / 2} className="lane" />
          </g>
        ))}
        {snapshots.map((s) =>
          s.sources.map((src) => {
            const cx = x(new Date(s.at).getTime());
            if (cx < LEFT - 5 || cx > WIDTH) return null;
            // Each lane shows its own source's anomalies (and snapshot-wide ones), never another source's.
            const own = s.anomalies.filter((a) => a.source === null || a.source === src.name);
            const bad = own.length > 0 || s.warnings.length > 0 || src.failed !== undefined;
            const r = 4 + 10 * Math.sqrt(s.bytesAdded / biggest);
            return (
              <g
                key={`${s.id}${src.name}`}
                role="button"
                tabIndex={0}
                aria-label={`${src.name} at ${whenExact(s.at)}, ${formatBytes(s.bytesAdded)} added${src.failed !== undefined ? ', backup failed' : bad ? ', anomaly' : ''}`}
                className={`dot${bad ? ' bad' : ''}${s.id === snapshot ? ' selected' : ''}`}
                onClick={() => open(s.id)}
                onKeyDown={(e) => onKey(e, s.id)}
              >
                <circle cx={cx} cy={sources.indexOf(src.name) * LANE + LANE / 2} r={r} />
                <title>{`${whenExact(s.at)} · ${formatBytes(s.bytesAdded)} added${bad ? ` · ${[...(src.failed !== undefined ? [`backup of ${src.name} failed: ${src.failed}`] : []), ...s.warnings, ...own.map((a) => a.message)].join('; ')}` : ''}`}</title>
              </g>
            );
          }),
        )}
        <text x={LEFT} y={sources.length * LANE + 20} className="axis">{when(new Date(viewStart).toISOString())}</text>
        <text x={WIDTH - 10} y={sources.length * LANE + 20} className="axis" textAnchor="end">{when(new Date(viewStart + viewSpan).toISOString())}</text>
      </svg>
      <label className="field scrub">
        <span>Point in time: {chosen >= 0 ? whenExact(snapshots[chosen]!.at) : 'none chosen (every snapshot has a warning): choose one'}</span>
        <input
          type="range"
          min={0}
          max={snapshots.length - 1}
          value={selectedIndex}
          aria-label="Scrub through snapshots"
          onChange={(e) => {
            const s = snapshots[Number(e.target.value)]!;
            chooseSnapshot(s.id);
            setCenter(Math.min(1, Math.max(0, (new Date(s.at).getTime() - min + span * 0.05) / (span * 1.1))));
          }}
        />
      </label>
      {snapshot && (
        <p>
          <button className="primary" onClick={() => open(snapshot)}>Open {whenExact(snapshots[selectedIndex]!.at)}</button>
        </p>
      )}
    </section>
  );
}
