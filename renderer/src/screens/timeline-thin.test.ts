import { describe, expect, it } from 'vitest';
import { COLUMN, THIN_FROM, thinPoints, type Point } from './timeline-thin.js';

/** `n` hourly points of one lane spread over `width` chart units, from x = 140. */
const lane = (n: number, width: number, laneNo = 0, alone: (i: number) => boolean = () => false): Point<number>[] =>
  Array.from({ length: n }, (_, i) => ({ x: 140 + (i * width) / n, t: i * 3_600_000, lane: laneNo, alone: alone(i), item: i }));

describe('the Timeline’s dots', () => {
  it('draws every point on its own below THIN_FROM, even two in one column', () => {
    const points = [...lane(THIN_FROM - 3, 10), { x: 141, t: 1, lane: 1, alone: false, item: -1 }, { x: 141, t: 2, lane: 1, alone: false, item: -2 }];
    const dots = thinPoints(points);
    expect(dots).toHaveLength(points.length);
    expect(dots.every((d) => d.points.length === 1)).toBe(true);
  });

  it('past it, one dot per lane and column, standing for every ordinary point in it', () => {
    const points = [...lane(6000, 740, 0), ...lane(6000, 740, 1)];
    const dots = thinPoints(points);
    expect(dots.length).toBeLessThanOrEqual(2 * Math.ceil(740 / COLUMN) + 2);
    // nothing is lost: every point stands in exactly one dot, on its own lane, in its own column
    expect(dots.flatMap((d) => d.points.map((p) => p.item)).sort((a, b) => a - b)).toEqual([...lane(6000, 740, 0), ...lane(6000, 740, 1)].map((p) => p.item).sort((a, b) => a - b));
    for (const d of dots) {
      expect(new Set(d.points.map((p) => p.lane))).toEqual(new Set([d.lane]));
      expect(new Set(d.points.map((p) => Math.floor(p.x / COLUMN))).size).toBe(1);
      expect(d.x).toBeGreaterThanOrEqual(d.points[0]!.x);
      expect(d.x).toBeLessThanOrEqual(d.points[d.points.length - 1]!.x);
    }
  });

  it('never merges an anomalous or chosen point: each is its own dot, beside the merged ones', () => {
    const anomalous = new Set([17, 18, 19, 4000]);
    const points = lane(6000, 740, 0, (i) => anomalous.has(i));
    const dots = thinPoints(points);
    const alone = dots.filter((d) => d.points.some((p) => p.alone));
    expect(alone.map((d) => d.points.map((p) => p.item))).toEqual([[17], [18], [19], [4000]]);
    // drawn last, so no merged dot covers them
    expect(dots.slice(-4)).toEqual(alone);
    // the ordinary points of the same columns are still drawn (merged), not hidden behind the anomalies
    const column = Math.floor(points[17]!.x / COLUMN);
    expect(dots.some((d) => !d.points[0]!.alone && Math.floor(d.points[0]!.x / COLUMN) === column)).toBe(true);
  });
});
