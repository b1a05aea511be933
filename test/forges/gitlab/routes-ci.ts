import { created, list, notFound, ok, q, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { Environment, ProtectedEnvironment, Runner, Schedule, ScheduleExpanded, ScheduleVariable, Trigger, Variable } from './schemas.js';
import { environmentBody, protectedEnvironmentBody, scheduleBody, scheduleVariableBody, scoped, variableBody, variableEditBody } from './bodies.js';
import { z } from 'zod';

/** CI/CD: project variables, pipeline schedules and their variables, triggers, runners, environments and protected environments. */
export const ciRoutes: Route[] = [
  { method: 'GET', template: '/projects/:id/variables', list: true, response: Variable, handler: (c) => withProject(c, (p) => list(p.variables.map((v) => c.r.variable(v)))) },
  {
    method: 'POST', template: '/projects/:id/variables', body: variableBody, response: Variable,
    handler: (c) => withProject(c, (p) => {
      const v = scoped(c.body);
      if (p.variables.some((x) => x.key === v.key && x.environment_scope === v.environment_scope)) return { status: 400, body: { message: { key: [`(${v.key}) has already been taken`] } } };
      p.variables.push(v);
      return created(c.r.variable(v));
    }),
  },
  {
    method: 'PUT', template: '/projects/:id/variables/:key', body: variableEditBody, response: Variable,
    handler: (c) => withProject(c, (p) => {
      const scope = (c.body.filter as { environment_scope?: string } | undefined)?.environment_scope;
      const v = p.variables.find((x) => x.key === c.params.key && (scope === undefined || x.environment_scope === scope));
      if (!v) return notFound('Variable Not Found');
      const rest = { ...c.body };
      delete rest.filter;
      Object.assign(v, scoped({ ...v, ...rest, key: v.key }));
      return ok(c.r.variable(v));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/variables/:key', query: { 'filter[environment_scope]': q.str }, handler: (c) => withProject(c, (p) => removeWhere(p.variables, (x) => x.key === c.params.key && x.environment_scope === (c.query['filter[environment_scope]'] ?? x.environment_scope), 'Variable Not Found')) },
  { method: 'GET', template: '/projects/:id/pipeline_schedules', list: true, query: { scope: z.enum(['active', 'inactive']) }, response: Schedule, handler: (c) => withProject(c, (p) => list(p.schedules.map((s) => c.r.schedule(p, s, false)))) },
  { method: 'GET', template: '/projects/:id/pipeline_schedules/:schedule_id', response: ScheduleExpanded, handler: (c) => withProject(c, (p) => { const s = p.schedules.find((x) => x.id === Number(c.params.schedule_id)); return s ? ok(c.r.schedule(p, s, true)) : notFound('Pipeline Schedule Not Found'); }) },
  {
    method: 'POST', template: '/projects/:id/pipeline_schedules', body: scheduleBody, response: Schedule,
    handler: (c) => withProject(c, (p) => {
      const b = c.body as z.infer<typeof scheduleBody>;
      const s = { id: c.world.id(), description: b.description, ref: b.ref, cron: b.cron, cron_timezone: b.cron_timezone ?? 'UTC', active: b.active ?? true, owner_id: c.world.users[0]!.id, variables: [], created_at: c.world.time };
      p.schedules.push(s);
      return created(c.r.schedule(p, s, false));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/pipeline_schedules/:schedule_id', handler: (c) => withProject(c, (p) => removeWhere(p.schedules, (s) => s.id === Number(c.params.schedule_id), 'Pipeline Schedule Not Found')) },
  {
    method: 'POST', template: '/projects/:id/pipeline_schedules/:schedule_id/variables', body: scheduleVariableBody, response: ScheduleVariable,
    handler: (c) => withProject(c, (p) => {
      const s = p.schedules.find((x) => x.id === Number(c.params.schedule_id));
      if (!s) return notFound('Pipeline Schedule Not Found');
      const v = { key: String(c.body.key), value: String(c.body.value), variable_type: (c.body.variable_type as 'env_var' | 'file' | undefined) ?? 'env_var' };
      s.variables.push(v);
      return created(v);
    }),
  },
  { method: 'GET', template: '/projects/:id/triggers', list: true, response: Trigger, handler: (c) => withProject(c, (p) => list(p.triggers.map((t) => c.r.trigger(t, c.owner)))) },
  { method: 'GET', template: '/projects/:id/runners', list: true, query: { type: z.enum(['instance_type', 'group_type', 'project_type']) }, response: Runner, handler: (c) => withProject(c, (p) => list(p.runners.map((r) => c.r.runner(r, 'project_type', false)))) },
  { method: 'GET', template: '/projects/:id/environments', list: true, query: { states: z.enum(['available', 'stopping', 'stopped']) }, response: Environment, handler: (c) => withProject(c, (p) => list(p.environments.map((e) => c.r.environment(e)))) },
  {
    method: 'POST', template: '/projects/:id/environments', body: environmentBody, response: Environment,
    handler: (c) => withProject(c, (p) => {
      const e = { id: c.world.id(), name: String(c.body.name), external_url: String(c.body.external_url ?? ''), tier: (c.body.tier as 'production' | 'staging' | 'testing' | 'development' | 'other' | undefined) ?? 'other', created_at: c.world.time };
      p.environments.push(e);
      return created(c.r.environment(e));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/environments/:environment_id', handler: (c) => withProject(c, (p) => removeWhere(p.environments, (e) => e.id === Number(c.params.environment_id), 'Environment Not Found')) },
  { method: 'GET', template: '/projects/:id/protected_environments', list: true, response: ProtectedEnvironment, handler: (c) => withProject(c, (p) => list(p.protectedEnvironments.map((e) => c.r.protectedEnvironment(e)))) },
  {
    method: 'POST', template: '/projects/:id/protected_environments', body: protectedEnvironmentBody, response: ProtectedEnvironment,
    handler: (c) => withProject(c, (p) => {
      const b = c.body as z.infer<typeof protectedEnvironmentBody>;
      const e = { name: b.name, deploy_access_levels: b.deploy_access_levels.map((a) => ({ access_level: a.access_level ?? 40, ...(a.user_id && { user_id: a.user_id }), ...(a.group_id && { group_id: a.group_id }) })), required_approval_count: b.required_approval_count ?? 0 };
      p.protectedEnvironments.push(e);
      return created(c.r.protectedEnvironment(e));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/protected_environments/:name', handler: (c) => withProject(c, (p) => removeWhere(p.protectedEnvironments, (e) => e.name === c.params.name, 'Not Found')) },
];
