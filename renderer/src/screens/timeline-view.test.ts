import { describe, expect, it } from 'vitest';
import { between, centreOn, fullView, magnification, zoomAround } from './timeline-view.js';

const HOUR = 3_600_000;
const full = fullView([0, 10 * HOUR]); // 11 h shown: -0.5 h .. 10.5 h

describe('the Timeline window', () => {
  it('shows everything with a margin; snapshots seconds apart are centred in a minute or so', () => {
    expect(full).toEqual({ start: -0.5 * HOUR, span: 11 * HOUR });
    expect(fullView([5000])).toEqual({ start: 5000 - 33_000, span: 66_000 });
    expect(fullView([0, 4000])).toEqual({ start: 2000 - 33_000, span: 66_000 });
    // the right edge stops at now, the margin moves left; a snapshot dated ahead of now still shows
    expect(fullView([0, 10 * HOUR], 10 * HOUR + 60_000)).toEqual({ start: 10 * HOUR + 60_000 - 11 * HOUR, span: 11 * HOUR });
    expect(fullView([0, 10 * HOUR], 10 * HOUR)).toEqual({ start: -HOUR, span: 11 * HOUR });
    expect(fullView([0, 10 * HOUR], 5 * HOUR)).toEqual({ start: -HOUR, span: 11 * HOUR });
    expect(magnification(full, full)).toBe('1×');
  });

  it('zooms around a time, keeping it in place; never out past the whole, never in past ten seconds', () => {
    const view = zoomAround(full, full, 2, 2 * HOUR);
    expect(view.span).toBe(5.5 * HOUR);
    expect((2 * HOUR - view.start) / view.span).toBeCloseTo((2 * HOUR - full.start) / full.span); // same place on screen
    expect(magnification(view, full)).toBe('2×');
    expect(zoomAround(view, full, 0.25)).toEqual(full);
    let deep = full;
    for (let i = 0; i < 40; i++) deep = zoomAround(deep, full, 2);
    expect(deep.span).toBe(10_000);
  });

  it('a drag selects the window between its ends, in either direction, inside the whole', () => {
    expect(between(3 * HOUR, HOUR, full)).toEqual({ start: HOUR, span: 2 * HOUR });
    expect(between(HOUR, 3 * HOUR, full)).toEqual({ start: HOUR, span: 2 * HOUR });
    expect(between(-5 * HOUR, -4 * HOUR, full)).toEqual({ start: full.start, span: HOUR }); // dragged off the left end
    expect(between(HOUR, HOUR + 1, full)).toEqual({ start: HOUR + 0.5 - 5000, span: 10_000 }); // a click-sized drag
  });

  it('scrubbing to a snapshot off screen moves the window to it, at the same width', () => {
    const view = between(HOUR, 2 * HOUR, full);
    expect(centreOn(view, full, 6 * HOUR)).toEqual({ start: 5.5 * HOUR, span: HOUR });
    expect(centreOn(view, full, 10.4 * HOUR)).toEqual({ start: 9.5 * HOUR, span: HOUR }); // against the right end
  });
});
