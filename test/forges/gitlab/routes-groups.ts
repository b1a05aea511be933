import { z } from 'zod';
import { badRequest, created, list, noContent, notFound, ok, q, type Route } from './http.js';
import { removeWhere, withGroup } from './lookup.js';
import { Group, Hook, Label, Member, Milestone, DeployToken, Project, Runner, RunnerExpanded, Variable } from './schemas.js';
import { variableBody, variableEditBody, hookBody, hookFrom, memberBody, memberUser, labelBody, scoped } from './bodies.js';

const ORDER = z.enum(['id', 'name', 'path', 'created_at', 'updated_at', 'last_activity_at', 'similarity', 'star_count']);
const SORT = z.enum(['asc', 'desc']);

/** Groups, their subgroups and projects, and what GitLab keeps on a group. */
export const groupRoutes: Route[] = [
  { method: 'GET', template: '/groups', list: true, keyset: true, query: { all_available: q.bool, top_level_only: q.bool }, response: Group, handler: (c) => list([...c.world.groups.values()].map((g) => c.r.group(g))) },
  { method: 'GET', template: '/projects', list: true, keyset: true, query: { membership: q.bool, archived: q.bool, simple: q.bool }, response: Project, handler: (c) => list([...c.world.projects.values()].map((p) => c.r.project(p))) },
  { method: 'GET', template: '/groups/:id', query: { with_projects: q.bool }, response: Group, handler: (c) => withGroup(c, (g) => ok(c.r.group(g))) },
  { method: 'GET', template: '/groups/:id/descendant_groups', list: true, query: { all_available: q.bool, order_by: z.enum(['name', 'path', 'id', 'similarity']), sort: SORT }, response: Group, handler: (c) => withGroup(c, (g) => list(c.world.descendants(g).map((x) => c.r.group(x)))) },
  {
    method: 'GET', template: '/groups/:id/projects', list: true, query: { include_subgroups: q.bool, with_shared: q.bool, archived: q.bool, order_by: ORDER, sort: SORT }, response: Project,
    handler: (c) => withGroup(c, (g) => {
      const ids = new Set([g.id, ...(c.query.include_subgroups === 'true' ? c.world.descendants(g).map((x) => x.id) : [])]);
      const sort = c.query.sort === 'desc' ? -1 : 1;
      return list([...c.world.projects.values()].filter((p) => ids.has(p.namespace_id)).sort((a, b) => (a.id - b.id) * sort).map((p) => c.r.project(p)));
    }),
  },
  { method: 'GET', template: '/groups/:id/variables', list: true, response: Variable, handler: (c) => withGroup(c, (g) => list(g.variables.map((v) => c.r.variable(v, true)))) },
  {
    method: 'POST', template: '/groups/:id/variables', body: variableBody, response: Variable,
    handler: (c) => withGroup(c, (g) => {
      const v = scoped(c.body);
      if (g.variables.some((x) => x.key === v.key && x.environment_scope === v.environment_scope)) return { status: 400, body: { message: { key: [`(${v.key}) has already been taken`] } } };
      g.variables.push(v);
      return created(c.r.variable(v, true));
    }),
  },
  {
    method: 'PUT', template: '/groups/:id/variables/:key', body: variableEditBody, response: Variable,
    handler: (c) => withGroup(c, (g) => {
      const scope = String((c.body.filter as { environment_scope?: string } | undefined)?.environment_scope ?? '*');
      const v = g.variables.find((x) => x.key === c.params.key && x.environment_scope === scope);
      if (!v) return notFound('Variable Not Found');
      Object.assign(v, scoped({ ...v, ...c.body, key: v.key }));
      return ok(c.r.variable(v, true));
    }),
  },
  { method: 'DELETE', template: '/groups/:id/variables/:key', query: { 'filter[environment_scope]': q.str }, handler: (c) => withGroup(c, (g) => removeWhere(g.variables, (x) => x.key === c.params.key && x.environment_scope === (c.query['filter[environment_scope]'] ?? x.environment_scope), 'Variable Not Found')) },
  { method: 'GET', template: '/groups/:id/members', list: true, response: Member, handler: (c) => withGroup(c, (g) => list(g.members.map((m) => c.r.member(m)))) },
  {
    method: 'POST', template: '/groups/:id/members', body: memberBody, response: Member,
    handler: (c) => withGroup(c, (g) => {
      const user = memberUser(c.world, c.body as { user_id?: number; username?: string });
      if (user === undefined) return (c.body as { username?: string }).username !== undefined && c.body.user_id === undefined ? notFound('User Not Found') : badRequest('user_id, username are missing, exactly one parameter must be provided');
      const m = { user_id: user, access_level: Number(c.body.access_level), expires_at: (c.body.expires_at as string | undefined) ?? null };
      if (g.members.some((x) => x.user_id === m.user_id)) return { status: 409, body: { message: 'Member already exists' } };
      g.members.push(m);
      return created(c.r.member(m));
    }),
  },
  { method: 'DELETE', template: '/groups/:id/members/:user_id', handler: (c) => withGroup(c, (g) => removeWhere(g.members, (m) => m.user_id === Number(c.params.user_id), 'Member Not Found')) },
  { method: 'GET', template: '/groups/:id/hooks', list: true, response: Hook, handler: (c) => withGroup(c, (g) => list(g.hooks.map((h) => c.r.hook(h, { group_id: g.id, subgroup_events: false })))) },
  {
    method: 'POST', template: '/groups/:id/hooks', body: hookBody.extend({ subgroup_events: z.boolean().optional() }), response: Hook,
    handler: (c) => withGroup(c, (g) => {
      const h = hookFrom(c.body, c.world.id(), c.world.time);
      g.hooks.push(h);
      return created(c.r.hook(h, { group_id: g.id, subgroup_events: false }));
    }),
  },
  { method: 'DELETE', template: '/groups/:id/hooks/:hook_id', handler: (c) => withGroup(c, (g) => removeWhere(g.hooks, (h) => h.id === Number(c.params.hook_id), 'Hook Not Found')) },
  { method: 'GET', template: '/groups/:id/runners', list: true, query: { type: z.enum(['instance_type', 'group_type', 'project_type']) }, response: Runner, handler: (c) => withGroup(c, (g) => list(g.runners.map((r) => c.r.runner(r, 'group_type', false)))) },
  { method: 'GET', template: '/groups/:id/labels', list: true, query: { only_group_labels: q.bool, include_ancestor_groups: q.bool, with_counts: q.bool }, response: Label, handler: (c) => withGroup(c, (g) => list(g.labels.map((l) => c.r.label(l, false)))) },
  {
    method: 'POST', template: '/groups/:id/labels', body: labelBody, response: Label,
    handler: (c) => withGroup(c, (g) => {
      const l = { id: c.world.id(), name: String(c.body.name), color: String(c.body.color), description: (c.body.description as string | undefined) ?? null };
      g.labels.push(l);
      return created(c.r.label(l, false));
    }),
  },
  { method: 'GET', template: '/groups/:id/milestones', list: true, response: Milestone, handler: (c) => withGroup(c, (g) => list(g.milestones.map((m) => c.r.milestone(m, { group_id: g.id })))) },
  { method: 'GET', template: '/groups/:id/deploy_tokens', list: true, response: DeployToken, handler: (c) => withGroup(c, (g) => list(g.deployTokens.map((t) => c.r.deployToken(t)))) },
  {
    method: 'GET', template: '/runners/:id', response: RunnerExpanded,
    handler: (c) => {
      for (const g of c.world.groups.values()) for (const r of g.runners) if (r.id === Number(c.params.id)) return ok(c.r.runner(r, 'group_type', true));
      for (const p of c.world.projects.values()) for (const r of p.runners) if (r.id === Number(c.params.id)) return ok(c.r.runner(r, 'project_type', true));
      return notFound('Runner Not Found');
    },
  },
];
void noContent;
