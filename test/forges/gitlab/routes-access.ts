import { badRequest, created, list, notFound, ok, type Route } from './http.js';
import { removeWhere, withProject } from './lookup.js';
import { DeployKey, DeployToken, Hook, Member } from './schemas.js';
import { deployKeyBody, hookBody, hookFrom, memberBody, memberUser } from './bodies.js';

/** Who and what may reach a project: deploy keys and tokens, webhooks, members. */
export const accessRoutes: Route[] = [
  { method: 'GET', template: '/projects/:id/deploy_keys', list: true, response: DeployKey, handler: (c) => withProject(c, (p) => list(p.deployKeys.map((k) => c.r.deployKey(k)))) },
  {
    method: 'POST', template: '/projects/:id/deploy_keys', body: deployKeyBody, response: DeployKey,
    handler: (c) => withProject(c, (p) => {
      const k = { id: c.world.id(), title: String(c.body.title), key: String(c.body.key), can_push: !!c.body.can_push, created_at: c.world.time };
      p.deployKeys.push(k);
      return created(c.r.deployKey(k));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/deploy_keys/:key_id', handler: (c) => withProject(c, (p) => removeWhere(p.deployKeys, (k) => k.id === Number(c.params.key_id), 'Deploy Key Not Found')) },
  { method: 'GET', template: '/projects/:id/deploy_tokens', list: true, response: DeployToken, handler: (c) => withProject(c, (p) => list(p.deployTokens.map((t) => c.r.deployToken(t)))) },
  { method: 'GET', template: '/projects/:id/hooks', list: true, response: Hook, handler: (c) => withProject(c, (p) => list(p.hooks.map((h) => c.r.hook(h, { project_id: p.id })))) },
  {
    method: 'POST', template: '/projects/:id/hooks', body: hookBody, response: Hook,
    handler: (c) => withProject(c, (p) => {
      const h = hookFrom(c.body, c.world.id(), c.world.time);
      p.hooks.push(h);
      return created(c.r.hook(h, { project_id: p.id }));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/hooks/:hook_id', handler: (c) => withProject(c, (p) => removeWhere(p.hooks, (h) => h.id === Number(c.params.hook_id), 'Hook Not Found')) },
  { method: 'GET', template: '/projects/:id/members', list: true, response: Member, handler: (c) => withProject(c, (p) => list(p.members.map((m) => c.r.member(m)))) },
  {
    method: 'POST', template: '/projects/:id/members', body: memberBody, response: Member,
    handler: (c) => withProject(c, (p) => {
      const user = memberUser(c.world, c.body as { user_id?: number; username?: string });
      if (user === undefined) return (c.body as { username?: string }).username !== undefined && c.body.user_id === undefined ? notFound('User Not Found') : badRequest('user_id, username are missing, exactly one parameter must be provided');
      const m = { user_id: user, access_level: Number(c.body.access_level), expires_at: (c.body.expires_at as string | undefined) ?? null };
      if (p.members.some((x) => x.user_id === m.user_id)) return { status: 409, body: { message: 'Member already exists' } };
      p.members.push(m);
      return created(c.r.member(m));
    }),
  },
  { method: 'DELETE', template: '/projects/:id/members/:user_id', handler: (c) => withProject(c, (p) => removeWhere(p.members, (m) => m.user_id === Number(c.params.user_id), 'Member Not Found')) },
];
void ok;
