/**
 * One forge setting that differs between two sides (a snapshot's and now), and whether the move
 * weakens it: GitHub's Actions policy and GitLab's CI/CD settings are both compared this way.
 */
export interface SettingDifference {
  field: string;
  from: unknown;
  to: unknown;
  /** `to` lets more run, run longer, or be seen or set by more than `from`. */
  weaker: boolean;
}

/** A change of values ranked strictest first (`order`) or by a rank of their own (`rank`, higher is looser). */
export function rankedDifference(field: string, from: unknown, to: unknown, how: { order?: unknown[]; rank?: (v: unknown) => number }): SettingDifference {
  const [i, j] = how.rank ? [how.rank(from), how.rank(to)] : how.order ? [how.order.indexOf(from), how.order.indexOf(to)] : [0, 0];
  return { field, from, to, weaker: i >= 0 && j > i };
}

/** "allowed_actions selected → all (weaker)": one difference in words, its values as `show` writes them. */
export const sayDifference = (d: SettingDifference, show: (field: string, v: unknown) => string) => `${d.field} ${show(d.field, d.from)} → ${show(d.field, d.to)}${d.weaker ? ' (weaker)' : ''}`;

/** The typed change of these differences: its weakened type when any weakens, else its changed type; the note says each one's way. */
export function settingsChange<T extends string>(types: { weakened: T; changed: T }, scope: string, path: string, diffs: SettingDifference[], show: (field: string, v: unknown) => string) {
  if (diffs.length === 0) return undefined;
  return { type: diffs.some((d) => d.weaker) ? types.weakened : types.changed, scope, path, fields: diffs.map((d) => d.field), restorable: true, note: diffs.map((d) => sayDifference(d, show)).join('; ') };
}
