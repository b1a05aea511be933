import { list, noContent, notFound, now, ok, unprocessable, type Ctx, type Routes } from './http.js';
import { shape } from './shape.js';
import { repository, team, user } from './render.js';
import type { Account } from './state.js';

/**
 * Organisation membership and teams as an owner changes them: removing a member (GitHub also takes
 * them out of the org's teams), a member's role (owner or member), inviting one (a pending
 * invitation until they accept: nobody here accepts), creating and deleting teams (the creating
 * token's user becomes a member, as GitHub makes the creator a maintainer; a deleted team leaves
 * every repository's access and environment reviewers), team memberships (for someone not in the
 * organisation, pending inside an invitation to it) and a team's repositories.
 */
const org = (c: Ctx) => c.world.accounts.get(c.params.org!.toLowerCase());
const teamOf = (c: Ctx) => org(c)?.teams.find((t) => t.slug === c.params.team_slug);
/** The user a write token acts as (what GitHub would answer to GET /user). */
export const RESTORER = 'restorer';

function fullTeam(c: Ctx, a: Account, t: Account['teams'][number]) {
  const repos = c.world.reposOf(a.login).filter((r) => r.teams.has(t.slug)).length;
  return shape('team-full', { ...team(c, a.login, t), description: t.description ?? null, members_count: t.members.length, repos_count: repos, created_at: c.world.time, updated_at: c.world.time, organization: shape('team-organization', { login: a.login, id: a.id }) });
}

function invitation(c: Ctx, a: Account, i: NonNullable<Account['invitations']>[number]) {
  return shape('organization-invitation', { id: i.id, node_id: `OI_${i.id}`, login: i.login, email: null, role: i.role === 'admin' ? 'admin' : 'direct_member', created_at: i.created_at, inviter: user(c, RESTORER), team_count: 0, invitation_teams_url: `${c.base}/organizations/${a.id}/invitations/${i.id}/teams` });
}

export const teamRoutes: Routes = {
  'DELETE /orgs/{org}/members/{username}': (c) => {
    const a = org(c);
    if (!a) return notFound();
    a.members = a.members.filter((m) => m !== c.params.username);
    a.owners = a.owners?.filter((m) => m !== c.params.username);
    for (const t of a.teams) t.members = t.members.filter((m) => m !== c.params.username);
    return noContent();
  },
  'PUT /orgs/{org}/memberships/{username}': (c) => {
    const a = org(c);
    if (!a) return notFound();
    const login = c.params.username!;
    const role = (c.body as { role?: 'admin' | 'member' } | undefined)?.role ?? 'member';
    const active = a.members.includes(login);
    if (!active && !a.invitations?.some((i) => i.login === login)) (a.invitations ??= []).push({ id: c.world.id(), login, role, created_at: now() });
    if (active) a.owners = [...(a.owners ?? []).filter((m) => m !== login), ...(role === 'admin' ? [login] : [])];
    return ok(shape('org-membership', { url: `${c.base}/orgs/${a.login}/memberships/${login}`, state: active ? 'active' : 'pending', role, organization_url: `${c.base}/orgs/${a.login}`, organization: shape('organization-simple', { login: a.login, id: a.id }), user: user(c, login) }));
  },
  'GET /orgs/{org}/invitations': (c) => {
    const a = org(c);
    return a ? list((a.invitations ?? []).map((i) => invitation(c, a, i))) : notFound();
  },
  'POST /orgs/{org}/teams': (c) => {
    const a = org(c);
    if (!a) return notFound();
    const b = c.body as { name: string; description?: string; privacy?: 'closed' | 'secret' };
    const slug = b.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    if (a.teams.some((t) => t.slug === slug)) return unprocessable('Name must be unique for this org');
    const t = { id: c.world.id(), slug, name: b.name, privacy: b.privacy ?? 'secret', members: [RESTORER], ...(b.description !== undefined && { description: b.description }) };
    a.teams.push(t);
    return ok(fullTeam(c, a, t), 201);
  },
  'PATCH /orgs/{org}/teams/{team_slug}': (c) => {
    const a = org(c);
    const t = teamOf(c);
    if (!a || !t) return notFound();
    const b = c.body as { description?: string; privacy?: 'closed' | 'secret' };
    Object.assign(t, { ...(b.description !== undefined && { description: b.description }), ...(b.privacy && { privacy: b.privacy }) });
    return ok(fullTeam(c, a, t));
  },
  'DELETE /orgs/{org}/teams/{team_slug}': (c) => {
    const a = org(c);
    const t = teamOf(c);
    if (!a || !t) return unprocessable('Team not found');
    a.teams.splice(a.teams.indexOf(t), 1);
    for (const r of c.world.reposOf(a.login)) {
      r.teams.delete(t.slug);
      for (const e of r.environments) e.reviewers = e.reviewers.filter((x) => !(x.type === 'Team' && x.login === t.slug));
    }
    return noContent();
  },
  'PUT /orgs/{org}/teams/{team_slug}/memberships/{username}': (c) => {
    const a = org(c);
    const t = teamOf(c);
    if (!a || !t) return unprocessable('Team not found');
    const login = c.params.username!;
    // Someone not in the organisation gets an invitation to it; the team membership waits in it (pending).
    const member = a.members.includes(login) || login === RESTORER;
    if (!member && !a.invitations?.some((i) => i.login === login)) (a.invitations ??= []).push({ id: c.world.id(), login, role: 'member', created_at: now() });
    if (member && !t.members.includes(login)) t.members.push(login);
    const role = (c.body as { role?: 'member' | 'maintainer' } | undefined)?.role ?? 'member';
    return ok(shape('team-membership', { url: `${c.base}/orgs/${c.params.org}/teams/${t.slug}/memberships/${login}`, role, state: member ? 'active' : 'pending' }));
  },
  'DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}': (c) => {
    const t = teamOf(c);
    if (!t) return { status: 403, body: { message: 'Team not found', documentation_url: 'https://docs.github.com/rest' } };
    t.members = t.members.filter((m) => m !== c.params.username);
    return noContent();
  },
  'GET /orgs/{org}/teams/{team_slug}/repos': (c) => {
    const a = org(c);
    const t = teamOf(c);
    return a && t ? list(c.world.reposOf(a.login).filter((r) => r.teams.has(t.slug)).map((r) => repository(c, r, 'minimal-repository'))) : notFound();
  },
};
