import { list, noContent, notFound, now, ok, repoOf, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { team, user } from './render.js';
import type { Hook } from './state.js';

/** Webhooks, deploy keys, collaborators, teams and members. */
function hook(c: Ctx, h: Hook, at: string, schema: 'hook' | 'org-hook') {
  const url = `${c.base}/${at}/hooks/${h.id}`;
  const config = { ...h.config, ...(h.config.secret && { secret: '********' }) };
  return shape(schema, {
    id: h.id,
    type: schema === 'hook' ? 'Repository' : 'Organization',
    name: 'web',
    active: h.active,
    events: h.events,
    config,
    url,
    ping_url: `${url}/pings`,
    test_url: `${url}/test`,
    deliveries_url: `${url}/deliveries`,
    created_at: c.world.time,
    updated_at: c.world.time,
    last_response: { code: null, status: 'unused', message: null },
  });
}

function addHook(c: Ctx, hooks: Hook[]): Hook {
  const b = c.body as { active?: boolean; events?: string[]; config: Hook['config'] };
  const h = { id: c.world.id(), active: b.active ?? true, events: b.events ?? ['push'], config: b.config };
  hooks.push(h);
  return h;
}

/** PATCH …/hooks/{id}: events and active as given; a config given replaces the whole config (GitHub drops a secret not given again). */
function updateHook(c: Ctx, hooks: Hook[] | undefined): Hook | undefined {
  const h = hooks?.find((x) => String(x.id) === c.params.hook_id);
  const b = c.body as { active?: boolean; events?: string[]; config?: Hook['config'] };
  if (h) Object.assign(h, { ...(b.active !== undefined && { active: b.active }), ...(b.events && { events: b.events }), ...(b.config && { config: b.config }) });
  return h;
}

/** PATCH …/hooks/{id}/config: only the fields given (the secret stays unless one is given). */
function updateHookConfig(c: Ctx, hooks: Hook[] | undefined): Hook | undefined {
  const h = hooks?.find((x) => String(x.id) === c.params.hook_id);
  if (h) h.config = { ...h.config, ...(c.body as Partial<Hook['config']>) };
  return h;
}

const hookConfig = (h: Hook) => ({ url: h.config.url, content_type: h.config.content_type, insecure_ssl: h.config.insecure_ssl, ...(h.config.secret && { secret: '********' }) });

function removeFrom<T extends { id: number }>(items: T[] | undefined, id: string) {
  const i = items ? items.findIndex((x) => String(x.id) === id) : -1;
  if (!items || i < 0) return notFound();
  items.splice(i, 1);
  return noContent();
}

const org = (c: Ctx) => c.world.accounts.get(c.params.org!.toLowerCase());

export const accessRoutes: Routes = {
  'GET /repos/{owner}/{repo}/hooks': (c) => {
    const r = repoOf(c);
    return r ? list(r.hooks.map((h) => hook(c, h, `repos/${r.owner}/${r.name}`, 'hook'))) : notFound();
  },
  'POST /repos/{owner}/{repo}/hooks': (c) => {
    const r = repoOf(c);
    return r ? ok(hook(c, addHook(c, r.hooks), `repos/${r.owner}/${r.name}`, 'hook'), 201) : notFound();
  },
  'PATCH /repos/{owner}/{repo}/hooks/{hook_id}': (c) => {
    const r = repoOf(c);
    const h = updateHook(c, r?.hooks);
    return r && h ? ok(hook(c, h, `repos/${r.owner}/${r.name}`, 'hook')) : notFound();
  },
  'PATCH /repos/{owner}/{repo}/hooks/{hook_id}/config': (c) => {
    const h = updateHookConfig(c, repoOf(c)?.hooks);
    return h ? ok(shape('webhook-config', hookConfig(h))) : notFound();
  },
  'DELETE /repos/{owner}/{repo}/hooks/{hook_id}': (c) => removeFrom(repoOf(c)?.hooks, c.params.hook_id!),
  'GET /orgs/{org}/hooks': (c) => {
    const a = org(c);
    return a ? list(a.hooks.map((h) => hook(c, h, `orgs/${a.login}`, 'org-hook'))) : notFound();
  },
  'POST /orgs/{org}/hooks': (c) => {
    const a = org(c);
    return a ? ok(hook(c, addHook(c, a.hooks), `orgs/${a.login}`, 'org-hook'), 201) : notFound();
  },
  'PATCH /orgs/{org}/hooks/{hook_id}': (c) => {
    const a = org(c);
    const h = updateHook(c, a?.hooks);
    return a && h ? ok(hook(c, h, `orgs/${a.login}`, 'org-hook')) : notFound();
  },
  'PATCH /orgs/{org}/hooks/{hook_id}/config': (c) => {
    const h = updateHookConfig(c, org(c)?.hooks);
    return h ? ok(shape('webhook-config', hookConfig(h))) : notFound();
  },
  'DELETE /orgs/{org}/hooks/{hook_id}': (c) => removeFrom(org(c)?.hooks, c.params.hook_id!),
  'GET /repos/{owner}/{repo}/keys': (c) => {
    const r = repoOf(c);
    return r ? list(r.keys.map((k) => shape('deploy-key', { ...k, url: `${c.base}/repos/${r.owner}/${r.name}/keys/${k.id}`, verified: true, added_by: r.owner, last_used: null, enabled: true }))) : notFound();
  },
  'POST /repos/{owner}/{repo}/keys': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const b = c.body as { title?: string; key: string; read_only?: boolean };
    const k = { id: c.world.id(), title: b.title ?? '', key: b.key, read_only: b.read_only ?? false, created_at: now() };
    r.keys.push(k);
    return ok(shape('deploy-key', { ...k, url: `${c.base}/repos/${r.owner}/${r.name}/keys/${k.id}`, verified: true }), 201);
  },
  'DELETE /repos/{owner}/{repo}/keys/{key_id}': (c) => removeFrom(repoOf(c)?.keys, c.params.key_id!),
  'GET /repos/{owner}/{repo}/collaborators': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    const roles = { pull: 'read', triage: 'triage', push: 'write', maintain: 'maintain', admin: 'admin' } as const;
    return list(
      [...r.collaborators].map(([login, p]) =>
        shape('collaborator', { ...user(c, login), role_name: roles[p], permissions: { pull: true, triage: p !== 'pull', push: ['push', 'maintain', 'admin'].includes(p), maintain: ['maintain', 'admin'].includes(p), admin: p === 'admin' } }),
      ),
    );
  },
  'PUT /repos/{owner}/{repo}/collaborators/{username}': (c) => {
    const r = repoOf(c);
    if (!r) return notFound();
    // An organisation member is added at once (204), as on GitHub; others would get an invitation.
    r.collaborators.set(c.params.username!, ((c.body as { permission?: string } | undefined)?.permission ?? 'push') as 'push');
    return noContent();
  },
  'GET /repos/{owner}/{repo}/teams': (c) => {
    const r = repoOf(c);
    const a = r && c.world.accounts.get(r.owner.toLowerCase());
    if (!r) return notFound();
    return list([...r.teams].flatMap(([slug, p]) => a?.teams.filter((t) => t.slug === slug).map((t) => team(c, r.owner, t, p)) ?? []));
  },
  'PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}': (c) => {
    const r = repoOf(c);
    if (!r || !org(c)?.teams.some((t) => t.slug === c.params.team_slug)) return notFound();
    r.teams.set(c.params.team_slug!, ((c.body as { permission?: string } | undefined)?.permission ?? 'push') as 'push');
    return noContent();
  },
  'GET /orgs/{org}/members': (c) => {
    const a = org(c);
    const role = c.query.get('role') ?? 'all';
    const owner = (m: string) => a?.owners?.includes(m) ?? false;
    return a ? list(a.members.filter((m) => role === 'all' || (role === 'admin') === owner(m)).map((m) => user(c, m))) : notFound();
  },
  'GET /orgs/{org}/teams': (c) => {
    const a = org(c);
    return a ? list(a.teams.map((t) => team(c, a.login, t))) : notFound();
  },
  'GET /orgs/{org}/teams/{team_slug}/members': (c) => {
    const t = org(c)?.teams.find((x) => x.slug === c.params.team_slug);
    return t ? list(t.members.map((m) => user(c, m))) : notFound();
  },
};
