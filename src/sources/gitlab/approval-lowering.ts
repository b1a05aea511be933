type J = Record<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/**
 * An approval rule as the restore writes it (approval-rule-write.ts): its approvals, its approvers
 * (users by username, groups by full path, each checked against the live id) and the protected
 * branches it covers by name (none: every branch). The live rule is deleted and this one created
 * in its place, so what the live rule has beyond these is lost.
 */
export const approverUsers = (r: J) => listOf(r.users).map((u) => `@${String(u.username)}`);
/** A group without a full path cannot be checked against GitLab's (it is refused when written): named by its id. */
export const approverGroups = (r: J) => listOf(r.groups).map((g) => (typeof g.full_path === 'string' && g.full_path ? `group ${g.full_path}` : `group with no path (id ${String(g.id)})`));
export const ruleBranches = (r: J) => listOf(r.protected_branches).map((b) => String(b.name));


/** What replacing the live rule `now` by the snapshot's `was` would lower, in words; empty when it keeps or raises every part. */
export function approvalRuleLowering(now: J, was: J): string[] {
  const out: string[] = [];
  const kind = (r: J) => String(r.rule_type ?? 'regular');
  // The write creates a regular rule (no rule_type): another kind (code owners, any approver, a security report's) is not one it recreates as it was.
  if (kind(now) !== 'regular' || kind(was) !== 'regular') out.push(`the live ${kind(now)} rule (${kind(was)} in the snapshot) is recreated as a regular rule`);
  // Groups this token cannot see are not in the snapshot either: writing the rule drops them (remove_hidden_groups).
  if (now.contains_hidden_groups === true) out.push('the live rule has approver groups hidden from this token, which writing it drops');
  const n = (r: J) => Number(r.approvals_required ?? 0);
  const approvers = (r: J) => new Set([...approverUsers(r), ...approverGroups(r)]);
  // A live rule that requires nothing (no approval, or no one eligible: the agent gutted it) cannot be lowered by any count, approver or branch.
  if (out.length === 0 && (n(now) === 0 || approvers(now).size === 0)) return [];
  if (!(n(was) >= n(now))) out.push(`approvals required ${String(now.approvals_required)} → ${String(was.approvals_required)}`);
  // An approver the live rule lacks is someone else whose approval counts (red team 7: same count, the writer's account).
  const added = [...approvers(was)].filter((a) => !approvers(now).has(a));
  if (added.length > 0) out.push(`approvers add ${added.join(', ')}`);
  // No eligible approver: GitLab does not wait for a rule no one can approve (red team 3).
  if (approvers(was).size === 0) out.push(`approvers ${[...approvers(now)].join(', ')} → none (no one is eligible, so GitLab does not require the rule)`);
  out.push(...narrowed(ruleBranches(now), ruleBranches(was)));
  return out;
}

/** Branches the live rule covers that the snapshot's does not: an empty list covers every branch (red team 3, F2). */
function narrowed(now: string[], was: string[]): string[] {
  if (was.length === 0) return []; // every branch: covers all the live one did
  if (now.length === 0) return [`protected branches every branch → ${was.join(', ')}`];
  const lost = now.filter((b) => !was.includes(b));
  return lost.length > 0 ? [`no longer covers branch ${lost.join(', ')} (protected branches ${now.join(', ')} → ${was.join(', ')})`] : [];
}
