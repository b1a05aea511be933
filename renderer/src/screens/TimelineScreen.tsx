import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { useApp } from '../stores/app.js';
import { useVaultData } from '../stores/vault-data.js';
import { formatBytes, when } from '../format.js';
import { whenExact } from '../snapshot-label.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { between, centreOn, fullView, magnification, zoomAround, type View } from './timeline-view.js';
import { thinPoints, type Dot, type Point } from './timeline-thin.js';
import { shownText } from '../shown-text.js';
import { isHistoryEvent } from '../history-event.js';

const WIDTH = 900;
const LANE = 44;
const LEFT = 140;

/** One point of the chart: a snapshot's backup of one source, and what speaks against it. */
interface Drawn {
  s: SnapshotView;
  src: SnapshotView['sources'][number];
  own: SnapshotView['anomalies'];
  bad: boolean;
  /** Its repository's history changed here (history-event.ts): marked apart from a loss. */
  history: boolean;
}

/** One lane per source, time flowing right; dots sized by bytes added, anomalies in red, a ↺ where a repository's history changed. */
export function TimelineScreen() {
  const { vaultId, snapshot, chooseSnapshot } = useApp();
  const { snapshots, posture, error, load } = useVaultData();
  useEffect(() => {
    if (vaultId && snapshots.length === 0) void load(vaultId, { unlocked: true });
  }, [vaultId, snapshots.length, load]);

  const sources = useMemo(() => [...new Set(snapshots.flatMap((s) => s.sources.map((x) => x.name)))].sort(), [snapshots]);
  const laneOf = useMemo(() => new Map(sources.map((name, i) => [name, i])), [sources]);
  const times = useMemo(() => snapshots.map((s) => new Date(s.at).getTime()), [snapshots]);
  const full = useMemo(() => fullView(times), [times]);
  const [zoomed, setView] = useState<View | null>(null);
  const view = zoomed ?? full;
  const { start: viewStart, span: viewSpan } = view;
  const x = (t: number) => LEFT + ((t - viewStart) / viewSpan) * (WIDTH - LEFT - 20);
  const timeAt = (svgX: number) => viewStart + ((svgX - LEFT) / (WIDTH - LEFT - 20)) * viewSpan;
  // A drag across the lanes (not on a dot) selects the window to zoom into; its ends in SVG units.
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const svgX = (e: { clientX: number; currentTarget: Element }) => {
    const box = e.currentTarget.getBoundingClientRect();
    return ((e.clientX - box.left) / box.width) * WIDTH;
  };
  const zoomBy = (factor: number) => setView(zoomAround(view, full, factor));
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
  const onKey = (e: KeyboardEvent<SVGGElement>, act: () => void) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault(); // Space would scroll the page too
      act();
    } else if (arrowTo(e)) e.preventDefault();
  };
  // Every (snapshot, source) point in view; past THIN_FROM the ordinary ones of a column are one dot.
  const inView: Point<Drawn>[] = [];
  for (const [i, s] of snapshots.entries()) {
    const t = times[i]!;
    const cx = x(t);
    if (cx < LEFT - 5 || cx > WIDTH) continue;
    for (const src of s.sources) {
      // Each lane shows its own source's anomalies (and snapshot-wide ones), never another source's.
      const own = s.anomalies.filter((a) => a.source === null || a.source === src.name);
      const bad = own.length > 0 || s.warnings.length > 0 || src.failed !== undefined;
      inView.push({ x: cx, t, lane: laneOf.get(src.name)!, alone: bad || s.id === snapshot, item: { s, src, own, bad, history: own.some(isHistoryEvent) } });
    }
  }
  const dots = thinPoints(inView);
  const cy = (lane: number) => lane * LANE + LANE / 2;
  const radius = (bytesAdded: number) => 4 + 10 * Math.sqrt(bytesAdded / biggest);
  const one = ({ x: cx, lane, item: { s, src, own, bad, history } }: Point<Drawn>) => (
    <g
      key={`${s.id}${src.name}`}
      role="button"
      tabIndex={0}
      aria-label={`${shownText(src.name)} at ${whenExact(s.at)}, ${formatBytes(s.bytesAdded)} added${src.failed !== undefined ? ', backup failed' : history ? ', anomaly: history changed' : bad ? ', anomaly' : ''}`}
      className={`dot${bad ? ' bad' : ''}${history ? ' history' : ''}${s.id === snapshot ? ' selected' : ''}`}
      data-lane={lane}
      data-x={cx}
      onClick={() => open(s.id)}
      onKeyDown={(e) => onKey(e, () => open(s.id))}
    >
      <circle cx={cx} cy={cy(lane)} r={radius(s.bytesAdded)} />
      {/* where history changed, a mark left of the dot (above it, the first lane's would be cut off; right of it, the newest's): told apart by shape, not colour alone */}
      {history && <text x={cx - radius(s.bytesAdded) - 2} y={cy(lane) + 5} textAnchor="end" fontSize={14} fill="currentColor" aria-hidden="true">↺</text>}
      <title>{shownText(`${whenExact(s.at)} · ${formatBytes(s.bytesAdded)} added${bad ? ` · ${[...(src.failed !== undefined ? [`backup of ${src.name} failed: ${src.failed}`] : []), ...s.warnings, ...own.map((a) => a.message)].join('; ')}` : ''}`)}</title>
    </g>
  );
  // A dot standing for several ordinary snapshots of one source: a click zooms in until they come
  // apart (at the narrowest window, it opens the newest of them; the scrubber reaches each one).
  const many = (d: Dot<Drawn>) => {
    const [first, last] = [d.points[0]!, d.points[d.points.length - 1]!];
    const added = d.points.reduce((n, p) => n + p.item.s.bytesAdded, 0);
    const label = `${first.item.src.name}: ${d.points.length} snapshots ${whenExact(first.item.s.at)} – ${whenExact(last.item.s.at)}, ${formatBytes(added)} added, none anomalous; zoom in to see each`;
    const into = () => {
      const narrower = between(first.t, last.t, full);
      if (narrower.span < view.span) setView(narrower);
      else open(last.item.s.id);
    };
    return (
      <g key={`${first.item.s.id}${first.item.src.name}+${d.points.length}`} role="button" tabIndex={0} aria-label={label} className="dot many" data-points={d.points.length} data-lane={d.lane} data-x={d.x} onClick={into} onKeyDown={(e) => onKey(e, into)}>
        <circle cx={d.x} cy={cy(d.lane)} r={radius(Math.max(...d.points.map((p) => p.item.s.bytesAdded)))} />
        <title>{label}</title>
      </g>
    );
  };
  const band = posture?.deleteMarkers.first && posture.deleteMarkers.last ? [new Date(posture.deleteMarkers.first).getTime(), new Date(posture.deleteMarkers.last).getTime()] : null;

  return (
    <section aria-labelledby="timeline-title">
      <header className="row">
        <h1 id="timeline-title">Timeline</h1>
        <div className="zoom">
          <button aria-label="Zoom out" onClick={() => zoomBy(0.5)}>−</button>
          <span className="magnification">{magnification(view, full)}</span>
          <button aria-label="Zoom in" onClick={() => zoomBy(2)}>+</button>
          <button onClick={() => setView(null)} disabled={!zoomed}>Show all</button>
        </div>
      </header>
      <p className="muted">Drag across the lanes to zoom into that time; click a point to open it.</p>
      <svg
        className="timeline"
        viewBox={`0 0 ${WIDTH} ${sources.length * LANE + 30}`}
        role="group"
        aria-label="Snapshots over time"
        data-points={inView.length}
        onWheel={(e) => setView(zoomAround(view, full, e.deltaY < 0 ? 2 : 0.5, timeAt(svgX(e))))}
        onPointerDown={(e) => {
          if (e.button !== 0 || (e.target as Element).closest('.dot')) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ from: svgX(e), to: svgX(e) });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, to: svgX(e) })}
        onPointerUp={() => {
          // A click (or a few pixels of jitter) is no zoom.
          if (drag && Math.abs(drag.to - drag.from) > 6) setView(between(timeAt(drag.from), timeAt(drag.to), full));
          setDrag(null);
        }}
        onPointerCancel={() => setDrag(null)}
      >
        {drag && <rect className="selecting" x={Math.min(drag.from, drag.to)} y={0} width={Math.abs(drag.to - drag.from)} height={sources.length * LANE} />}
        {band && <rect className="band" x={x(band[0]!) - 3} y={0} width={Math.max(6, x(band[1]!) - x(band[0]!) + 6)} height={sources.length * LANE}><title>delete markers (attempted deletions)</title></rect>}
        {sources.map((name, i) => (
          <g key={name}>
            <text x={8} y={i * LANE + LANE / 2 + 4} className="lane-label">{name}</text>
            <line x1={LEFT} x2={WIDTH - 10} y1={i * LANE + LANE / 2} y2={i * LANE + LANE / 2} className="lane" />
          </g>
        ))}
        {dots.map((d) => (d.points.length === 1 ? one(d.points[0]!) : many(d)))}
        <text x={LEFT} y={sources.length * LANE + 20} className="axis">{axisTime(viewStart, viewSpan)}</text>
        <text x={WIDTH - 10} y={sources.length * LANE + 20} className="axis" textAnchor="end">{axisTime(viewStart + viewSpan, viewSpan)}</text>
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
            if (zoomed) setView(centreOn(zoomed, full, new Date(s.at).getTime()));
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

/** An end of the axis: to the minute, or to the second when the window is under two hours wide. */
const axisTime = (t: number, span: number) => (span < 2 * 3_600_000 ? whenExact : when)(new Date(t).toISOString());

/**
 * Arrow keys from a focused point (keyboard first): left and right along its lane, up and down to
 * the nearest point in time of the lane above or below. True when it moved (or had nowhere to go).
 */
function arrowTo(e: KeyboardEvent<SVGGElement>): boolean {
  const step = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
  const svg = e.currentTarget.ownerSVGElement;
  if (!step || !svg) return false;
  const at = (el: Element) => ({ el: el as SVGGElement, lane: Number(el.getAttribute('data-lane')), x: Number(el.getAttribute('data-x')) });
  const here = at(e.currentTarget);
  const dots = Array.from(svg.querySelectorAll('.dot[data-lane]'), at);
  const [dLane, dX] = step as [number, number];
  let next: ReturnType<typeof at> | undefined;
  if (dX !== 0) {
    const lane = dots.filter((d) => d.lane === here.lane).sort((a, b) => a.x - b.x);
    next = lane[lane.findIndex((d) => d.el === here.el) + dX];
  } else {
    const lane = dots.filter((d) => d.lane === here.lane + dLane);
    next = lane.sort((a, b) => Math.abs(a.x - here.x) - Math.abs(b.x - here.x))[0];
  }
  next?.el.focus();
  return true;
}
