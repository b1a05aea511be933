/**
 * What makes a branch protection weaker: each check reads one setting on both sides and says
 * whether the later one protects less. Every setting a restore writes (`restore-inputs.ts
 * protectionInput`) has its check here (protection-strength.test.ts holds them together): a restore
 * writes the whole recorded protection, so an unchecked one is lowered unseen (red team 3). Anything
 * else that differs is a plain change.
 */
import { checksDropped } from './status-checks.js';

type P = Record<string, unknown> | undefined;

const get = (p: P, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), p);
const on = (p: P, path: string) => get(p, path) === true;
const REVIEWS = 'required_pull_request_reviews';
const names = (p: P, path: string, key: string) => new Set(((get(p, path) as Record<string, unknown>[] | undefined) ?? []).map((x) => String(x[key])));
/** Whether `after`'s restriction at `at` lets in someone `before`'s did not (only while `before` restricts at all: none lets in every writer). */
const letsIn = (at: string, list: string, key: string) => (a: P, b: P) => !!get(a, at) && [...names(b, `${at}.${list}`, key)].some((n) => !names(a, `${at}.${list}`, key).has(n));
/** Whether `after` lets someone past required reviews `before` held to them (none required: everyone was past them). */
const allows = (at: string, list: string, key: string) => (a: P, b: P) => !!get(a, REVIEWS) && [...names(b, `${at}.${list}`, key)].some((n) => !names(a, `${at}.${list}`, key).has(n));
const CHECKS: [string, (a: P, b: P) => boolean][] = [
  ['required_pull_request_reviews', (a, b) => !!get(a, 'required_pull_request_reviews') && !get(b, 'required_pull_request_reviews')],
  ['required_approving_review_count', (a, b) => Number(get(b, 'required_pull_request_reviews.required_approving_review_count') ?? 0) < Number(get(a, 'required_pull_request_reviews.required_approving_review_count') ?? 0)],
  ['dismiss_stale_reviews', (a, b) => on(a, 'required_pull_request_reviews.dismiss_stale_reviews') && !on(b, 'required_pull_request_reviews.dismiss_stale_reviews')],
  ['require_code_owner_reviews', (a, b) => on(a, 'required_pull_request_reviews.require_code_owner_reviews') && !on(b, 'required_pull_request_reviews.require_code_owner_reviews')],
  ['require_last_push_approval', (a, b) => on(a, `${REVIEWS}.require_last_push_approval`) && !on(b, `${REVIEWS}.require_last_push_approval`)],
  // Who may dismiss an approving review: restricted live, open to every writer or to someone new in the snapshot.
  ['dismissal_restrictions', (a, b) => !!get(a, `${REVIEWS}.dismissal_restrictions`) && !get(b, `${REVIEWS}.dismissal_restrictions`)],
  ['dismissal_restrictions.users', letsIn(`${REVIEWS}.dismissal_restrictions`, 'users', 'login')],
  ['dismissal_restrictions.teams', letsIn(`${REVIEWS}.dismissal_restrictions`, 'teams', 'slug')],
  ['dismissal_restrictions.apps', letsIn(`${REVIEWS}.dismissal_restrictions`, 'apps', 'slug')],
  // Who may merge without the required reviews: one more user, team or app is a grant.
  ['bypass_pull_request_allowances.users', allows(`${REVIEWS}.bypass_pull_request_allowances`, 'users', 'login')],
  ['bypass_pull_request_allowances.teams', allows(`${REVIEWS}.bypass_pull_request_allowances`, 'teams', 'slug')],
  ['bypass_pull_request_allowances.apps', allows(`${REVIEWS}.bypass_pull_request_allowances`, 'apps', 'slug')],
  ['required_status_checks', (a, b) => !!get(a, 'required_status_checks') && !get(b, 'required_status_checks')],
  // Judged in the form written (status-checks.ts): a live check whose context is not written, or
  // one tied to an app written from any source or another app (red team 4, R4-1).
  ['required_status_checks.contexts', (a, b) => checksDropped(get(a, 'required_status_checks'), get(b, 'required_status_checks'), 'context').length > 0],
  ['required_status_checks.checks', (a, b) => checksDropped(get(a, 'required_status_checks'), get(b, 'required_status_checks'), 'app').length > 0],
  ['required_status_checks.strict', (a, b) => on(a, 'required_status_checks.strict') && !on(b, 'required_status_checks.strict')],
  ['enforce_admins', (a, b) => on(a, 'enforce_admins.enabled') && !on(b, 'enforce_admins.enabled')],
  ['required_linear_history', (a, b) => on(a, 'required_linear_history.enabled') && !on(b, 'required_linear_history.enabled')],
  ['required_signatures', (a, b) => on(a, 'required_signatures.enabled') && !on(b, 'required_signatures.enabled')],
  ['required_conversation_resolution', (a, b) => on(a, 'required_conversation_resolution.enabled') && !on(b, 'required_conversation_resolution.enabled')],
  ['lock_branch', (a, b) => on(a, 'lock_branch.enabled') && !on(b, 'lock_branch.enabled')],
  ['allow_force_pushes', (a, b) => !on(a, 'allow_force_pushes.enabled') && on(b, 'allow_force_pushes.enabled')],
  ['allow_deletions', (a, b) => !on(a, 'allow_deletions.enabled') && on(b, 'allow_deletions.enabled')],
  ['block_creations', (a, b) => on(a, 'block_creations.enabled') && !on(b, 'block_creations.enabled')],
  ['restrictions', (a, b) => !!get(a, 'restrictions') && !get(b, 'restrictions')],
  // Who may push to the branch: one more user, team or app is a grant (red team 7).
  ['restrictions.users', letsIn('restrictions', 'users', 'login')],
  ['restrictions.teams', letsIn('restrictions', 'teams', 'slug')],
  ['restrictions.apps', letsIn('restrictions', 'apps', 'slug')],
];

/** The settings compared, by the names `weakened` gives (a write body's setting is checked by the name its path ends with). */
export const checkedSettings = (): string[] => CHECKS.map(([name]) => name);

/** The settings in which `after` protects less than `before` (empty: not weaker). */
export function weakened(before: P, after: P): string[] {
  return CHECKS.filter(([, weaker]) => weaker(before, after)).map(([name]) => name);
}
