import { created, badRequest, list, notFound, ok, q, type Ctx, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { ApprovalRule, Project, PushRule } from './schemas.js';
import { approvalRuleBody, approvalRuleEditBody, projectBody, pushRuleBody } from './bodies.js';
import { newProject } from './repos.js';
import type { Project as P } from './state.js';

const SETTINGS = ['issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'merge_method'] as const;

function edit(p: P, b: Record<string, unknown>): void {
  for (const k of ['description', 'visibility', 'default_branch', 'topics'] as const) if (b[k] !== undefined) (p as unknown as Record<string, unknown>)[k] = b[k];
  for (const k of SETTINGS) if (b[k] !== undefined) (p.settings as Record<string, unknown>)[k] = b[k];
  // GitLab stores an empty config path as unset (null).
  for (const k of Object.keys(p.ci) as (keyof P['ci'])[]) if (b[k] !== undefined) (p.ci as unknown as Record<string, unknown>)[k] = k === 'ci_config_path' && b[k] === '' ? null : b[k];
}

/** DELETE /projects/:id: marks for deletion where the group delays deletion; permanently_remove (with full_path) on a marked project deletes now. */
function remove(c: Ctx) {
  return withProject(c, (p) => {
    const full = c.world.projectPath(p);
    if (c.query.permanently_remove === 'true') {
      if (!p.marked_for_deletion_on) return badRequest('Project must be marked for deletion first.');
      if (c.query.full_path !== full) return badRequest('full_path does not match the project path');
    } else if (c.world.delayedDeletionDays > 0) {
      if (p.marked_for_deletion_on) return badRequest('Project has been already marked for deletion');
      p.marked_for_deletion_on = new Date(Date.parse(c.world.time) + c.world.delayedDeletionDays * 86_400_000).toISOString().slice(0, 10);
      return { status: 202, body: { message: '202 Accepted' } };
    }
    c.world.projects.delete(p.id);
    return { status: 202, body: { message: '202 Accepted' } };
  });
}

type RuleBody = { approvals_required?: number; user_ids?: number[]; usernames?: string[]; group_ids?: number[]; protected_branch_ids?: number[] };
/** GitLab's limit on a rule's count (`ApprovalRuleLike::APPROVALS_REQUIRED_MAX`, ee/app/models/concerns/approval_rule_like.rb): a validation error, 400. */
const APPROVALS_REQUIRED_MAX = 100;
const tooMany = (b: RuleBody) => (b.approvals_required !== undefined && (b.approvals_required > APPROVALS_REQUIRED_MAX || b.approvals_required < 0) ? badRequest({ approvals_required: [`must be less than or equal to ${APPROVALS_REQUIRED_MAX}`] }) : undefined);
const ruleUsers = (c: Ctx, b: RuleBody) => [...(b.user_ids ?? []), ...(b.usernames ?? []).map((n) => c.world.users.find((u) => u.username === n)?.id ?? -1)].filter((x) => x > 0);

/** Projects, their settings, deletion (delayed) and restoration, push rules and approval rules (protected branches and tags: routes-protected.ts). */
export const projectRoutes: Route[] = [
  { method: 'GET', template: '/projects/:id', query: { statistics: q.bool, license: q.bool, with_custom_attributes: q.bool }, response: Project, handler: (c) => withProject(c, (p) => ok(c.r.project(p))) },
  {
    method: 'POST', template: '/projects', body: projectBody, response: Project,
    handler: (c) => {
      const ns = c.world.groups.get(Number(c.body.namespace_id));
      if (!ns) return notFound('Namespace Not Found');
      const path = String(c.body.path ?? c.body.name);
      if ([...c.world.projects.values()].some((x) => x.namespace_id === ns.id && x.path === path)) return badRequest({ path: ['has already been taken'] });
      const p = newProject(c.world, ns.id, path, { name: String(c.body.name ?? path) });
      edit(p, c.body);
      return created(c.r.project(p));
    },
  },
  { method: 'PUT', template: '/projects/:id', body: projectBody, response: Project, handler: (c) => withProject(c, (p) => (edit(p, c.body), ok(c.r.project(p)))) },
  { method: 'DELETE', template: '/projects/:id', query: { permanently_remove: q.bool, full_path: q.str }, handler: remove },
  { method: 'POST', template: '/projects/:id/restore', response: Project, handler: (c) => withProject(c, (p) => (p.marked_for_deletion_on ? ((p.marked_for_deletion_on = null), created(c.r.project(p))) : badRequest('Project is not marked for deletion'))) },
  { method: 'POST', template: '/projects/:id/archive', response: Project, handler: (c) => withProject(c, (p) => ((p.archived = true), created(c.r.project(p)))) },
  { method: 'POST', template: '/projects/:id/unarchive', response: Project, handler: (c) => withProject(c, (p) => ((p.archived = false), created(c.r.project(p)))) },
  { method: 'GET', template: '/projects/:id/push_rule', response: PushRule.nullable(), handler: (c) => withProject(c, (p) => ok(p.pushRule ? c.r.pushRule(p.pushRule, p.id) : null)) },
  {
    method: 'POST', template: '/projects/:id/push_rule', body: pushRuleBody, response: PushRule,
    handler: (c) => withProject(c, (p) => {
      if (p.pushRule) return { status: 422, body: { error: 'Project push rule exists' } };
      p.pushRule = { id: c.world.id(), commit_message_regex: '', branch_name_regex: '', deny_delete_tag: false, member_check: false, prevent_secrets: false, max_file_size: 0, created_at: c.world.time, ...(c.body as object) };
      return created(c.r.pushRule(p.pushRule, p.id));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/push_rule', handler: (c) => withProject(c, (p) => (p.pushRule ? ((p.pushRule = null), { status: 204 }) : notFound())) },
  { method: 'GET', template: '/projects/:id/approval_rules', list: true, response: ApprovalRule, handler: (c) => withProject(c, (p) => list(p.approvalRules.map((r) => c.r.approvalRule(p, r)))) },
  {
    method: 'POST', template: '/projects/:id/approval_rules', body: approvalRuleBody, response: ApprovalRule,
    handler: (c) => withProject(c, (p) => {
      const b = c.body as RuleBody & { name: string; approvals_required: number };
      if (tooMany(b)) return tooMany(b)!;
      const r = { id: c.world.id(), name: b.name, approvals_required: b.approvals_required, user_ids: ruleUsers(c, b), group_ids: (b.group_ids ?? []).filter((g) => c.world.groups.has(g)), protected_branch_ids: b.protected_branch_ids ?? [] };
      p.approvalRules.push(r);
      return created(c.r.approvalRule(p, r));
    }),
  },
  {
    // In place: a member not sent is kept, as GitLab's update does (user_ids and usernames together replace the approvers).
    method: 'PUT', template: '/projects/:id/approval_rules/:rule_id', body: approvalRuleEditBody, response: ApprovalRule,
    handler: (c) => withProject(c, (p) => {
      const r = p.approvalRules.find((x) => x.id === Number(c.params.rule_id));
      if (!r) return notFound();
      const b = c.body as RuleBody & { name?: string; approvals_required?: number };
      if (tooMany(b)) return tooMany(b)!;
      if (b.name !== undefined) r.name = b.name;
      if (b.approvals_required !== undefined) r.approvals_required = b.approvals_required;
      if (b.user_ids !== undefined || b.usernames !== undefined) r.user_ids = ruleUsers(c, b);
      if (b.group_ids !== undefined) r.group_ids = b.group_ids.filter((g) => c.world.groups.has(g));
      if (b.protected_branch_ids !== undefined) r.protected_branch_ids = b.protected_branch_ids;
      return ok(c.r.approvalRule(p, r));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/approval_rules/:rule_id', handler: (c) => withProject(c, (p) => removeWhere(p.approvalRules, (r) => r.id === Number(c.params.rule_id), 'Not Found')) },
];
