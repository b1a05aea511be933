import { z } from 'zod';
import { created, notFound, ok, type Ctx, type Reply, type Route } from './http.js';
import { withGroup, withProject } from './lookup.js';
import { DeployKey, Environment, Hook, Label, Member, Milestone, Release, Schedule, ScheduleVariable } from './schemas.js';
import { deployKeyBody, hookBody, hookFrom, labelBody, memberBody, milestoneBody, milestoneEditBody, scheduleBody, scheduleVariableBody } from './bodies.js';
import type { Group, Hook as H, Label as L, Member as M, Milestone as Ms, Project } from './state.js';

/**
 * GitLab's edit calls for what a restore puts back in place (GitLab's documented parameter names; a
 * parameter left out is left as it is): project and group hooks (the secret token kept), members
 * (role, expiry), deploy keys, labels, group milestones, environments, pipeline schedules and their
 * variables, releases.
 */
const byId = <T extends { id: number }>(xs: T[], id: string | undefined) => xs.find((x) => x.id === Number(id));
const found = <T>(x: T | undefined, what: string, fn: (x: T) => Reply): Reply => (x ? fn(x) : notFound(`${what} Not Found`));

function editHook(c: Ctx, h: H, extra: Record<string, unknown>): Reply {
  const next = hookFrom(c.body, h.id, h.created_at);
  Object.assign(h, { url: next.url, events: { ...h.events, ...next.events }, ...(c.body.enable_ssl_verification !== undefined && { enable_ssl_verification: next.enable_ssl_verification }), ...(c.body.push_events_branch_filter !== undefined && { push_events_branch_filter: next.push_events_branch_filter }), ...(next.token !== undefined && { token: next.token }) });
  return ok(c.r.hook(h, extra));
}
const memberEditBody = memberBody.omit({ user_id: true, username: true });
function editMember(c: Ctx, m: M): Reply {
  m.access_level = Number(c.body.access_level);
  if (c.body.expires_at !== undefined) m.expires_at = (c.body.expires_at as string | null) || null;
  return ok(c.r.member(m));
}
const labelEditBody = labelBody.partial().extend({ new_name: z.string().optional() });
function editLabel(c: Ctx, labels: L[], project: boolean): Reply {
  return found(labels.find((l) => String(l.id) === c.params.label_id || l.name === c.params.label_id), 'Label', (l) => {
    Object.assign(l, { ...(c.body.new_name !== undefined && { name: c.body.new_name }), ...(c.body.color !== undefined && { color: c.body.color }), ...(c.body.description !== undefined && { description: c.body.description || null }) });
    return ok(c.r.label(l, project));
  });
}
/** A milestone's title, description, due date (null clears it) and state. */
export function editMilestone(m: Ms, b: Record<string, unknown>): void {
  Object.assign(m, { ...(b.title !== undefined && { title: b.title }), ...(b.description !== undefined && { description: b.description }), ...(b.due_date !== undefined && { due_date: b.due_date || null }) });
  if (b.state_event) m.state = b.state_event === 'close' ? 'closed' : 'active';
}
const withSchedule = (c: Ctx, fn: (p: Project, s: Project['schedules'][number]) => Reply) => withProject(c, (p) => found(byId(p.schedules, c.params.schedule_id), 'Pipeline Schedule', (s) => fn(p, s)));
const groupMilestone = (c: Ctx, g: Group) => created(c.r.milestone(newMilestone(c, g.milestones), { group_id: g.id }));
function newMilestone(c: Ctx, into: Ms[]): Ms {
  const m: Ms = { id: c.world.id(), iid: into.length + 1, title: String(c.body.title), description: String(c.body.description ?? ''), state: 'active', due_date: (c.body.due_date as string | undefined) ?? null };
  into.push(m);
  return m;
}

export const editRoutes: Route[] = [
  { method: 'PUT', template: '/projects/:id/hooks/:hook_id', body: hookBody, response: Hook, handler: (c) => withProject(c, (p) => found(byId(p.hooks, c.params.hook_id), 'Hook', (h) => editHook(c, h, { project_id: p.id }))) },
  { method: 'PUT', template: '/groups/:id/hooks/:hook_id', body: hookBody.extend({ subgroup_events: z.boolean().optional() }), response: Hook, handler: (c) => withGroup(c, (g) => found(byId(g.hooks, c.params.hook_id), 'Hook', (h) => editHook(c, h, { group_id: g.id, subgroup_events: false }))) },
  { method: 'PUT', template: '/projects/:id/members/:user_id', body: memberEditBody, response: Member, handler: (c) => withProject(c, (p) => found(p.members.find((m) => m.user_id === Number(c.params.user_id)), 'Member', (m) => editMember(c, m))) },
  { method: 'PUT', template: '/groups/:id/members/:user_id', body: memberEditBody, response: Member, handler: (c) => withGroup(c, (g) => found(g.members.find((m) => m.user_id === Number(c.params.user_id)), 'Member', (m) => editMember(c, m))) },
  {
    method: 'PUT', template: '/projects/:id/deploy_keys/:key_id', body: deployKeyBody.pick({ title: true, can_push: true }).partial(), response: DeployKey,
    handler: (c) => withProject(c, (p) => found(byId(p.deployKeys, c.params.key_id), 'Deploy Key', (k) => (Object.assign(k, { ...(c.body.title !== undefined && { title: c.body.title }), ...(c.body.can_push !== undefined && { can_push: c.body.can_push }) }), ok(c.r.deployKey(k))))),
  },
  { method: 'PUT', template: '/projects/:id/labels/:label_id', body: labelEditBody, response: Label, handler: (c) => withProject(c, (p) => editLabel(c, p.labels, true)) },
  { method: 'PUT', template: '/groups/:id/labels/:label_id', body: labelEditBody, response: Label, handler: (c) => withGroup(c, (g) => editLabel(c, g.labels, false)) },
  { method: 'POST', template: '/groups/:id/milestones', body: milestoneBody, response: Milestone, handler: (c) => withGroup(c, (g) => groupMilestone(c, g)) },
  { method: 'PUT', template: '/groups/:id/milestones/:milestone_id', body: milestoneEditBody, response: Milestone, handler: (c) => withGroup(c, (g) => found(byId(g.milestones, c.params.milestone_id), 'Milestone', (m) => (editMilestone(m, c.body), ok(c.r.milestone(m, { group_id: g.id }))))) },
  // No `name`: GitLab's edit does not rename an environment (putApiV4ProjectsIdEnvironmentsEnvironmentId).
  {
    method: 'PUT', template: '/projects/:id/environments/:environment_id', body: z.object({ external_url: z.string().nullable().optional(), tier: z.enum(['production', 'staging', 'testing', 'development', 'other']).optional() }), response: Environment,
    handler: (c) => withProject(c, (p) => found(byId(p.environments, c.params.environment_id), 'Environment', (e) => (Object.assign(e, { ...(c.body.external_url !== undefined && { external_url: c.body.external_url ?? '' }), ...(c.body.tier !== undefined && { tier: c.body.tier }) }), ok(c.r.environment(e))))),
  },
  {
    method: 'PUT', template: '/projects/:id/pipeline_schedules/:schedule_id', body: scheduleBody.partial(), response: Schedule,
    handler: (c) => withSchedule(c, (p, s) => (Object.assign(s, Object.fromEntries(Object.entries(c.body).filter(([, v]) => v !== undefined))), ok(c.r.schedule(p, s, false)))),
  },
  {
    method: 'PUT', template: '/projects/:id/pipeline_schedules/:schedule_id/variables/:key', body: scheduleVariableBody.omit({ key: true }), response: ScheduleVariable,
    handler: (c) => withSchedule(c, (_p, s) => found(s.variables.find((v) => v.key === c.params.key), 'Variable', (v) => (Object.assign(v, { value: String(c.body.value), ...(c.body.variable_type !== undefined && { variable_type: c.body.variable_type }) }), ok(v)))),
  },
  // GitLab answers 202 Accepted here (`status :accepted` in its pipeline schedules API; 202 in its description).
  {
    method: 'DELETE', template: '/projects/:id/pipeline_schedules/:schedule_id/variables/:key', response: ScheduleVariable,
    handler: (c) => withSchedule(c, (_p, s) => found(s.variables.find((v) => v.key === c.params.key), 'Variable', (v) => (s.variables.splice(s.variables.indexOf(v), 1), ok(v, 202)))),
  },
  {
    method: 'PUT', template: '/projects/:id/releases/:tag_name', body: z.object({ name: z.string().optional(), description: z.string().optional(), released_at: z.string().optional() }), response: Release,
    handler: (c) => withProject(c, (p) => found(p.releases.find((r) => r.tag_name === c.params.tag_name), 'Release', (r) => (Object.assign(r, { ...(c.body.name !== undefined && { name: c.body.name }), ...(c.body.description !== undefined && { description: c.body.description }) }), ok(c.r.release(p, r))))),
  },
];
