/**
 * A branch protection's required status checks in the one form a restore writes them (red team 4,
 * R4-1: `contexts` was compared while `checks`, which GitHub applies over the deprecated `contexts`,
 * was written, so a snapshot with `checks: []` dropped every required check unseen). The PUT body
 * and the comparison both come from here.
 */
type J = Record<string, unknown>;

/** A required check as PUT takes it: `app_id` -1 is any source (GitHub reads it back as null). */
export interface RequiredCheck {
  context: string;
  app_id: number;
}

const ANY = -1;
const appOf = (v: unknown) => (Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : ANY);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * What a restore writes from a snapshot's `required_status_checks`: its `checks` when it has that
 * list (what GitHub applies), else its `contexts` from any source. A check whose app id is not a
 * positive integer is written (and so judged) as from any source, never as the recorded value.
 */
export function writtenChecks(rsc: unknown): RequiredCheck[] {
  const s = (rsc ?? {}) as J;
  if (Array.isArray(s.checks)) return s.checks.map((c) => ({ context: String((c as J | null)?.context), app_id: appOf((c as J | null)?.app_id) }));
  return listOf(s.contexts).map((c) => ({ context: String(c), app_id: ANY }));
}

/**
 * The checks a live protection requires: its `checks` and, to be safe against a reply holding
 * only one of the two, any context of `contexts` they lack (from any source).
 */
export function liveChecks(rsc: unknown): RequiredCheck[] {
  const s = (rsc ?? {}) as J;
  const checks = Array.isArray(s.checks) ? writtenChecks({ checks: s.checks }) : [];
  const more = listOf(s.contexts).map(String).filter((c) => !checks.some((x) => x.context === c));
  return [...checks, ...more.map((context) => ({ context, app_id: ANY }))];
}

/** Live checks the written ones drop: a context no longer required, or (`app`) one tied to an app now open to any source or another app. */
export function checksDropped(live: unknown, written: unknown, what: 'context' | 'app'): RequiredCheck[] {
  const after = writtenChecks(written);
  return liveChecks(live).filter((c) =>
    what === 'context' ? !after.some((x) => x.context === c.context) : c.app_id !== ANY && after.some((x) => x.context === c.context) && !after.some((x) => x.context === c.context && x.app_id === c.app_id),
  );
}
