/**
 * Which dots the Timeline draws. A year of hourly snapshots is 8,760 points per source on a lane
 * some 740 units wide: drawn one by one they overlap into a bar and cost the browser most of the
 * screen's time (#14). Past THIN_FROM points in view, the ordinary points of one lane that fall in
 * one column are drawn as one dot standing for all of them (its label says how many and when; a
 * click zooms into them). Anomalous points and the chosen one are always drawn on their own, and
 * every snapshot stays reachable: by zooming in, and by the scrubber, which steps through each.
 * Pure, so it is unit-tested.
 */

/** Below this many points in view every point is its own dot, as they can still be told apart. */
export const THIN_FROM = 300;

/** A column's width in the chart's units: dots are at least 8 wide, so two in one column are one blot. */
export const COLUMN = 2;

export interface Point<T> {
  /** Where on the chart (its units), and when (epoch ms). */
  x: number;
  t: number;
  lane: number;
  /** Drawn alone, never merged: an anomaly, a warning, a failed backup, the chosen snapshot. */
  alone: boolean;
  item: T;
}

/** One dot: a single point, or the ordinary points of one lane in one column, oldest first. */
export interface Dot<T> {
  x: number;
  lane: number;
  points: Point<T>[];
}

/** The dots for the points in view: merged and ordinary ones in time order, then those drawn alone. */
export function thinPoints<T>(points: readonly Point<T>[]): Dot<T>[] {
  if (points.length < THIN_FROM) return points.map((p) => ({ x: p.x, lane: p.lane, points: [p] }));
  const dots: Dot<T>[] = [];
  const alone: Dot<T>[] = [];
  const merged = new Map<string, Dot<T>>();
  for (const p of points) {
    if (p.alone) {
      alone.push({ x: p.x, lane: p.lane, points: [p] });
      continue;
    }
    const at = `${p.lane}:${Math.floor(p.x / COLUMN)}`;
    const dot = merged.get(at);
    if (dot) dot.points.push(p);
    else {
      const fresh = { x: p.x, lane: p.lane, points: [p] };
      merged.set(at, fresh);
      dots.push(fresh);
    }
  }
  // A merged dot sits at the middle of what it stands for.
  for (const d of merged.values()) if (d.points.length > 1) d.x = (d.points[0]!.x + d.points[d.points.length - 1]!.x) / 2;
  // Drawn last, so on top: an anomaly is never under a merged dot of its column.
  return [...dots, ...alone];
}
