/**
 * What makes a branch protection weaker: each check reads one setting on both sides and says
 * whether the later one protects less. Anything else that differs is a plain change.
 */
type P = Record<string, unknown> | undefined;

const get = (p: P, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), p);
const on = (p: P, path: string) => get(p, path) === true;
/** Whether `after`'s push restrictions let in someone `before`'s did not (only while `before` restricts at all: none lets in every writer). */
const letsIn = (list: string, key: string) => (a: P, b: P) => {
  const names = (p: P) => new Set(((get(p, `restrictions.${list}`) as Record<string, unknown>[] | undefined) ?? []).map((x) => String(x[key])));
  return !!get(a, 'restrictions') && [...names(b)].some((n) => !names(a).has(n));
};

const CHECKS: [string, (a: P, b: P) => boolean][] = [
  ['required_pull_request_reviews', (a, b) => !!get(a, 'required_pull_request_reviews') && !get(b, 'required_pull_request_reviews')],
  ['required_approving_review_count', (a, b) => Number(get(b, 'required_pull_request_reviews.required_approving_review_count') ?? 0) < Number(get(a, 'required_pull_request_reviews.required_approving_review_count') ?? 0)],
  ['dismiss_stale_reviews', (a, b) => on(a, 'required_pull_request_reviews.dismiss_stale_reviews') && !on(b, 'required_pull_request_reviews.dismiss_stale_reviews')],
  ['require_code_owner_reviews', (a, b) => on(a, 'required_pull_request_reviews.require_code_owner_reviews') && !on(b, 'required_pull_request_reviews.require_code_owner_reviews')],
  ['required_status_checks', (a, b) => !!get(a, 'required_status_checks') && !get(b, 'required_status_checks')],
  ['required_status_checks.contexts', (a, b) => ((get(a, 'required_status_checks.contexts') as string[] | undefined) ?? []).some((c) => !((get(b, 'required_status_checks.contexts') as string[] | undefined) ?? []).includes(c))],
  ['required_status_checks.strict', (a, b) => on(a, 'required_status_checks.strict') && !on(b, 'required_status_checks.strict')],
  ['enforce_admins', (a, b) => on(a, 'enforce_admins.enabled') && !on(b, 'enforce_admins.enabled')],
  ['required_linear_history', (a, b) => on(a, 'required_linear_history.enabled') && !on(b, 'required_linear_history.enabled')],
  ['required_signatures', (a, b) => on(a, 'required_signatures.enabled') && !on(b, 'required_signatures.enabled')],
  ['required_conversation_resolution', (a, b) => on(a, 'required_conversation_resolution.enabled') && !on(b, 'required_conversation_resolution.enabled')],
  ['lock_branch', (a, b) => on(a, 'lock_branch.enabled') && !on(b, 'lock_branch.enabled')],
  ['allow_force_pushes', (a, b) => !on(a, 'allow_force_pushes.enabled') && on(b, 'allow_force_pushes.enabled')],
  ['allow_deletions', (a, b) => !on(a, 'allow_deletions.enabled') && on(b, 'allow_deletions.enabled')],
  ['restrictions', (a, b) => !!get(a, 'restrictions') && !get(b, 'restrictions')],
  // Who may push to the branch: one more user, team or app is a grant (red team 7).
  ['restrictions.users', letsIn('users', 'login')],
  ['restrictions.teams', letsIn('teams', 'slug')],
  ['restrictions.apps', letsIn('apps', 'slug')],
];

/** The settings in which `after` protects less than `before` (empty: not weaker). */
export function weakened(before: P, after: P): string[] {
  return CHECKS.filter(([, weaker]) => weaker(before, after)).map(([name]) => name);
}
