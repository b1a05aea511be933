import { created, badRequest, list, notFound, ok, q, type Ctx, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { ApprovalRule, Project, ProtectedBranch, ProtectedTag, PushRule } from './schemas.js';
import { approvalRuleBody, projectBody, pushRuleBody } from './bodies.js';
import { newProject } from './repos.js';
import type { Project as P } from './state.js';

const SETTINGS = ['issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'only_allow_merge_if_pipeline_succeeds', 'remove_source_branch_after_merge', 'merge_method'] as const;

function edit(p: P, b: Record<string, unknown>): void {
  for (const k of ['description', 'visibility', 'default_branch', 'topics'] as const) if (b[k] !== undefined) (p as unknown as Record<string, unknown>)[k] = b[k];
  for (const k of SETTINGS) if (b[k] !== undefined) (p.settings as Record<string, unknown>)[k] = b[k];
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

const branchLevels = (c: Ctx) => ({ push: Number(c.query.push_access_level ?? 40), merge: Number(c.query.merge_access_level ?? 40), unprotect: Number(c.query.unprotect_access_level ?? 40) });

/** Projects, their settings, deletion (delayed) and restoration, protected branches and tags, push rules and approval rules. */
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
  { method: 'GET', template: '/projects/:id/protected_branches', list: true, query: { search: q.str }, response: ProtectedBranch, handler: (c) => withProject(c, (p) => list(p.protectedBranches.map((b) => c.r.protectedBranch(b)))) },
  {
    method: 'POST', template: '/projects/:id/protected_branches', query: { name: q.str, push_access_level: q.level, merge_access_level: q.level, unprotect_access_level: q.level, allow_force_push: q.bool, code_owner_approval_required: q.bool }, response: ProtectedBranch,
    handler: (c) => withProject(c, (p) => {
      if (p.protectedBranches.some((b) => b.name === c.query.name)) return { status: 409, body: { message: 'Protected branch already exists' } };
      const l = branchLevels(c);
      const b = { id: c.world.id(), name: c.query.name!, push: [{ access_level: l.push }], merge: [{ access_level: l.merge }], unprotect: [{ access_level: l.unprotect }], allow_force_push: c.query.allow_force_push === 'true', code_owner_approval_required: c.query.code_owner_approval_required === 'true' };
      p.protectedBranches.push(b);
      return created(c.r.protectedBranch(b));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/protected_branches/:name', handler: (c) => withProject(c, (p) => removeWhere(p.protectedBranches, (b) => b.name === c.params.name, 'Not Found')) },
  { method: 'GET', template: '/projects/:id/protected_tags', list: true, response: ProtectedTag, handler: (c) => withProject(c, (p) => list(p.protectedTags.map((t) => c.r.protectedTag(t)))) },
  {
    method: 'POST', template: '/projects/:id/protected_tags', query: { name: q.str, create_access_level: q.level }, response: ProtectedTag,
    handler: (c) => withProject(c, (p) => {
      const t = { name: c.query.name!, create: [{ access_level: Number(c.query.create_access_level ?? 40) }] };
      p.protectedTags.push(t);
      return created(c.r.protectedTag(t));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/protected_tags/:name', handler: (c) => withProject(c, (p) => removeWhere(p.protectedTags, (t) => t.name === c.params.name, 'Not Found')) },
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
      const b = c.body as { name: string; approvals_required: number; user_ids?: number[]; usernames?: string[]; protected_branch_ids?: number[] };
      const users = [...(b.user_ids ?? []), ...(b.usernames ?? []).map((n) => c.world.users.find((u) => u.username === n)?.id ?? -1)].filter((x) => x > 0);
      const r = { id: c.world.id(), name: b.name, approvals_required: b.approvals_required, user_ids: users, protected_branch_ids: b.protected_branch_ids ?? [] };
      p.approvalRules.push(r);
      return created(c.r.approvalRule(p, r));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/approval_rules/:rule_id', handler: (c) => withProject(c, (p) => removeWhere(p.approvalRules, (r) => r.id === Number(c.params.rule_id), 'Not Found')) },
];
