/**
 * How the ruleset and protection checks compare one value of the live side with the snapshot's:
 * each comparer answers whether the snapshot's value is shown not to protect less. Anything it
 * cannot show (a value missing on one side, a type it does not know) counts as protecting less:
 * a snapshot's documents are its writer's word, and the restore writes them whole.
 */
export type J = Record<string, unknown>;
/** Whether `snapshot` is shown to protect at least as much as `now`. */
export type Holds = (now: unknown, snapshot: unknown) => boolean;

/**
 * One order for equal values, whatever their keys' order. Not util/canonical.ts's canonicalJson:
 * that one throws on a number that is not an integer (it encodes what is signed), and a forged
 * document may hold any number, which must compare, not stop the plan.
 */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as J)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}
export const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const items = (v: unknown): string[] => (Array.isArray(v) ? v.map(canonical) : []);

/** Unchanged (the comparer for anything whose direction is not known). */
export const same: Holds = (n, s) => canonical(n) === canonical(s);
/** A flag that protects when true; GitHub's default for every such flag here is false. */
export const trueProtects: Holds = (n, s) => n !== true || s === true;
/** A flag that loosens when true (update_allows_fetch_and_merge, do_not_enforce_on_create). */
export const trueLoosens: Holds = (n, s) => s !== true || n === true;
/** A number where more protects (a count of approvals); missing on one side is not shown. */
export const atLeast: Holds = (n, s) => (typeof n === 'number' && typeof s === 'number' ? s >= n : same(n, s));
/** A number where less protects (a maximum file size). */
export const atMost: Holds = (n, s) => (typeof n === 'number' && typeof s === 'number' ? s <= n : same(n, s));
/** A list where each item protects (restricted paths, required environments): the snapshot keeps every live one. */
export const keepsAll: Holds = (n, s) => { const has = new Set(items(s)); return items(n).every((x) => has.has(x)); };
/** A list where each item lets something through (allowed merge methods): the snapshot adds none. */
export const addsNone: Holds = (n, s) => (n === undefined || s === undefined ? same(n, s) : keepsAll(s, n));
/** Display only (a pattern rule's name): no protection either way. */
export const ignored: Holds = () => true;

/** A value in a plan's words: compact, and cut short (it is the writer's text). */
export function shown(v: unknown): string {
  const text = v === undefined ? '(none)' : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v.length === 0 ? '(none)' : v.join(', ')) : typeof v === 'string' ? v : canonical(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
