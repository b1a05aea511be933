/**
 * The window of time the Timeline shows, in epoch milliseconds: all of it (with a margin), or what
 * the operator zoomed into (buttons, wheel, or a drag across the lanes). Pure, so it is unit-tested.
 */
export interface View {
  start: number;
  span: number;
}

/** The narrowest window: ten seconds, so that snapshots taken seconds apart still come apart. */
const MIN_SPAN = 10_000;

/**
 * Every snapshot, with 5% of margin on either side; snapshots seconds apart centred in a minute or
 * so. The right edge is never past `now` (its label, a time still to come, read as a snapshot
 * expected there): the margin it would have had goes to the left. A snapshot dated ahead (a
 * writer's clock, or a forged time) is still shown.
 */
export function fullView(times: readonly number[], now = Date.now()): View {
  const [min, max] = [Math.min(...times), Math.max(...times)];
  const span = Math.max(max - min, 60_000) * 1.1;
  const end = Math.max(max, Math.min((min + max) / 2 + span / 2, now));
  return { start: end - span, span };
}

/** Kept inside the whole, never narrower than MIN_SPAN (or the whole, if that is narrower). */
function clamp(v: View, full: View): View {
  const span = Math.min(full.span, Math.max(v.span, Math.min(MIN_SPAN, full.span)));
  const start = Math.min(Math.max(v.start, full.start), full.start + full.span - span);
  return { start, span };
}

/** Zoom by `factor` (2 = in, 0.5 = out), keeping the time `at` where it is on screen. */
export function zoomAround(view: View, full: View, factor: number, at = view.start + view.span / 2): View {
  const span = view.span / factor;
  return clamp({ start: at - (at - view.start) * (span / view.span), span }, full);
}

/** The window between two times, in either order: what a drag across the lanes selected. */
export function between(a: number, b: number, full: View): View {
  const [from, to] = a < b ? [a, b] : [b, a];
  const wanted = Math.max(to - from, MIN_SPAN);
  return clamp({ start: (from + to) / 2 - wanted / 2, span: wanted }, full);
}

/** The same width, moved so that `t` is in the middle (scrubbing to a snapshot off screen). */
export function centreOn(view: View, full: View, t: number): View {
  return clamp({ start: t - view.span / 2, span: view.span }, full);
}

/** How far in, for the label beside the buttons: "1×", "4×", "37×". */
export const magnification = (view: View, full: View): string => `${Math.round(full.span / view.span)}×`;
