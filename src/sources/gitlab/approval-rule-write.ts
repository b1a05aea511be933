import type { GitlabApi } from './client.js';
import { BulkheadError } from '../../util/errors.js';
import { one, Unavailable } from './fetch.js';

type J = Record<string, unknown>;
/** GitLab refuses a rule requiring more (`ApprovalRuleLike::APPROVALS_REQUIRED_MAX`, ee/app/models/concerns/approval_rule_like.rb). */
export const APPROVALS_REQUIRED_MAX = 100;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/**
 * An approval rule written exactly as it was compared (approval-lowering.ts, change-kinds.ts): users
 * by username, groups by full path, branches by name. The snapshot's numeric group ids are its
 * writer's word (red team 3, F3: a path checked, another group's id written), so each group is looked
 * up by its path with the operator's token and the rule refused when the recorded id disagrees.
 * Everything is resolved before anything is written: a refusal leaves the live rule as it is.
 */
export async function approvalRuleBody(api: GitlabApi, project: string, x: J): Promise<{ name: string; approvals: number; options: J }> {
  const name = String(x.name);
  const refuse = (code: 'TAMPERED' | 'NOT_FOUND', why: string) => new BulkheadError(code, `approval rule ${name} of ${project}: ${why}; refused, nothing of it written: put it back by hand`);
  const approvals = Number(x.approvals_required);
  if (!Number.isSafeInteger(approvals) || approvals < 0) throw refuse('TAMPERED', `the snapshot records ${JSON.stringify(x.approvals_required)} approvals, not a count`);
  // A count GitLab refuses is refused here, before the live rule is touched (red team 4, R4-2: 101 passed as a raise).
  if (approvals > APPROVALS_REQUIRED_MAX) throw refuse('TAMPERED', `the snapshot records ${approvals} approvals, more than GitLab allows (${APPROVALS_REQUIRED_MAX})`);
  const usernames = listOf(x.users).map((u) => {
    if (typeof u.username !== 'string' || !u.username) throw refuse('TAMPERED', `an approver in the snapshot has no username (id ${String(u.id)})`);
    return u.username;
  });
  const groupIds: number[] = [];
  for (const g of listOf(x.groups)) groupIds.push(await groupId(api, g, refuse));
  const wanted = new Set(listOf(x.protected_branches).map((b) => String(b.name)));
  const live = (await api.ProtectedBranches.all(project)) as unknown as J[];
  return { name, approvals, options: { usernames, groupIds, protectedBranchIds: live.filter((b) => wanted.has(String(b.name))).map((b) => Number(b.id)) } };
}

/** The group a recorded approver names by its path, as GitLab has it now; refused when the path is missing or gone, or the id disagrees. */
async function groupId(api: GitlabApi, g: J, refuse: (code: 'TAMPERED' | 'NOT_FOUND', why: string) => BulkheadError): Promise<number> {
  const path = g.full_path;
  if (typeof path !== 'string' || !path) throw refuse('TAMPERED', `an approver group in the snapshot has no full path (id ${String(g.id)}), so it cannot be checked against GitLab`);
  const live = await one(() => api.Groups.show(path));
  if (live instanceof Unavailable) throw refuse('NOT_FOUND', `approver group ${path} is not on GitLab now (or this token cannot see it: ${live.reason})`);
  if (g.id !== undefined && Number(g.id) !== Number(live.id)) throw refuse('TAMPERED', `the snapshot records approver group ${path} with id ${String(g.id)}, GitLab has id ${String(live.id)} at that path (a snapshot's ids are its writer's word; only the group its path names is written)`);
  return Number(live.id);
}

/**
 * Creates the rule, or edits the live one of that name (`replacing`) in place: a refusal by GitLab
 * then leaves the live rule as it was, where deleting and creating it again left none (red team 4, R4-2).
 */
export async function writeApprovalRule(api: GitlabApi, project: string, x: J, replacing?: J): Promise<void> {
  const { name, approvals, options } = await approvalRuleBody(api, project, x);
  if (!replacing) await api.MergeRequestApprovals.createApprovalRule(project, name, approvals, options as never);
  // Hidden groups dropped, as recreating did and approval-lowering.ts judges (and says).
  else await api.MergeRequestApprovals.editApprovalRule(project, Number(replacing.id), name, approvals, { ...options, removeHiddenGroups: true } as never);
}
