/** Time only through a Clock, so retention and RPO logic can be tested at any date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export const DAY_MS = 86_400_000;

/**
 * A time in sentences people read (findings, warnings, in the CLI and the console alike):
 * "2026-11-30 05:24:45 UTC", to the second (snapshots minutes apart must stay apart). Text that
 * is not a date (a forged snapshot's claim) is given back as it is.
 */
export function readableTime(t: string | Date): string {
  const d = typeof t === 'string' ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}
