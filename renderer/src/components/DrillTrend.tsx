import type { DrillView } from '../../../src/api/drill-methods.js';
import { when } from '../format.js';

const W = 640;
const H = 120;

/** RTO of each drill over time against its target: is recovery getting faster or slower? */
export function DrillTrend({ drills }: { drills: DrillView[] }) {
  const ordered = [...drills].reverse();
  const max = Math.max(...ordered.map((d) => Math.max(d.rtoSeconds, 1)), 1) * 1.2;
  const x = (i: number) => 40 + (i * (W - 60)) / Math.max(1, ordered.length - 1);
  const y = (s: number) => H - 20 - (s / max) * (H - 30);
  return (
    <svg className="trend" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`RTO of the last ${ordered.length} drills`}>
      <polyline points={ordered.map((d, i) => `${x(i)},${y(d.rtoSeconds)}`).join(' ')} className="trend-line" />
      {ordered.map((d, i) => (
        <circle key={d.key} cx={x(i)} cy={y(d.rtoSeconds)} r={4} className={d.passed ? 'trend-ok' : 'trend-bad'}>
          <title>{`${when(d.finished)} ${d.scenario}: RTO ${d.rtoSeconds} s`}</title>
        </circle>
      ))}
      <text x={4} y={14} className="axis">RTO (s), max {Math.round(max)}</text>
    </svg>
  );
}
