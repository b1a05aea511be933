import { reviewerKey, reviewersOf, reviewerWords } from './environment-reviewers.js';

type J = Record<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/** What putting an environment back as its snapshot records would lower, in words (empty: nothing). */
export function environmentLowering(now: J | undefined, snapshot: J | undefined): string[] {
  if (!now || !snapshot) return [];
  const rule = (e: J, type: string) => listOf(e.protection_rules).find((r) => r.type === type);
  const reviewers = (e: J) => reviewersOf(e).length;
  const out: string[] = [];
  if (reviewers(snapshot) < reviewers(now)) out.push(`required reviewers ${reviewers(now)} → ${reviewers(snapshot)}`);
  if (rule(now, 'required_reviewers')?.prevent_self_review && !rule(snapshot, 'required_reviewers')?.prevent_self_review) out.push('prevent self-review off');
  const timer = (e: J) => Number(rule(e, 'wait_timer')?.wait_timer ?? 0);
  if (timer(snapshot) < timer(now)) out.push(`wait timer ${timer(now)} → ${timer(snapshot)} minutes`);
  if (now.deployment_branch_policy && !snapshot.deployment_branch_policy) out.push('deployment branch policy removed (any branch may deploy)');
  // Any one required reviewer approves: one the live environment lacks is someone else who can (red team 7: same count, another person),
  // told apart by what the restore writes (a user's id, a team's slug), not by the login beside it (red team 3).
  const live = new Set(reviewersOf(now).map(reviewerKey));
  const added = reviewersOf(snapshot).filter((r) => !live.has(reviewerKey(r))).map(reviewerWords);
  if (reviewers(now) > 0 && added.length > 0) out.push(`required reviewers add ${added.join(', ')} (any one of them approves)`);
  // The restore adds the snapshot's branch policies the environment lacks (it removes none): each is a branch that may deploy.
  const policies = (e: J) => new Set(listOf(e.deployment_branch_policies).map((p) => `${String(p.type ?? 'branch')} ${String(p.name)}`));
  const deploys = [...policies(snapshot)].filter((p) => !policies(now).has(p));
  if (now.deployment_branch_policy && deploys.length > 0) out.push(`deployment branch policy lets in ${deploys.join(', ')}`);
  return out;
}
