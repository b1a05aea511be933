import type { GithubClient } from './client.js';
import type { GithubChange } from './change-types.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const logins = (members: unknown): string[] | undefined => (Array.isArray(members) ? (members as J[]).map((m) => String(m.login)) : undefined);

/**
 * An organisation's people as the snapshot had them: a removed member invited again with their role
 * (GitHub allows no more: membership needs their acceptance), a member's role (owner or not) set back, a deleted team created again with its members and
 * its permission on every repository that had it, a changed team's privacy, description and
 * members set back. Returns what it could not put back as it was.
 */
export async function applyTeamStep(octokit: GithubClient, docs: Docs, c: GithubChange): Promise<string[]> {
  const org = c.scope;
  if (c.type === 'member-removed' || c.type === 'member-changed') {
    const saved = ((docs.get(c.path) as J[] | undefined) ?? []).find((m) => m.login === c.target);
    const m = await octokit.request('PUT /orgs/{org}/memberships/{username}', { org, username: c.target!, role: saved?.role === 'admin' ? 'admin' : 'member' });
    return m.data.state === 'pending' ? [`@${c.target!} was invited to ${org} again: an invitation, not a membership; they are a member once they accept it`] : [];
  }
  const saved = ((docs.get(c.path) as J[] | undefined) ?? []).find((t) => t.slug === c.target)!;
  const privacy = (['secret', 'closed'] as const).find((x) => x === saved.privacy);
  const fields = { ...(typeof saved.description === 'string' && { description: saved.description }), ...(privacy && { privacy }) };
  const notes: string[] = [];
  if (c.type === 'team-deleted') {
    const made = await octokit.request('POST /orgs/{org}/teams', { org, name: String(saved.name), ...fields });
    if (made.data.slug !== c.target) notes.push(`team ${c.target!} of ${org} came back as ${made.data.slug}`);
    notes.push(...(await syncMembers(octokit, org, made.data.slug, logins(saved.members))));
    notes.push(...(await repositoryAccess(octokit, docs, org, c.target!, made.data.slug)));
    return notes;
  }
  if (c.type !== 'team-changed') throw new Error(`${c.type} is not a change of an organisation's people`);
  if (Object.keys(fields).length > 0) await octokit.request('PATCH /orgs/{org}/teams/{team_slug}', { org, team_slug: c.target!, ...fields });
  return syncMembers(octokit, org, c.target!, logins(saved.members));
}

/** The team's members exactly as saved: those missing added (as members), those not in the snapshot (the restoring token's user, whom GitHub makes a maintainer of a team it creates, or whoever an agent added) taken out. */
async function syncMembers(octokit: GithubClient, org: string, slug: string, wanted: string[] | undefined): Promise<string[]> {
  if (!wanted) return [`the members of team ${slug} of ${org} are not in the snapshot (the token could not read them); add them by hand`];
  const live = new Set((await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: slug, per_page: 100 })).map((u) => u.login));
  for (const login of wanted.filter((l) => !live.has(l))) await octokit.request('PUT /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login, role: 'member' });
  for (const login of [...live].filter((l) => !wanted.includes(l))) await octokit.request('DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login });
  return [];
}

/** The team's permission on each repository whose teams.json in the snapshot names it; one not in the organisation now gets it back with its own restore (said). */
async function repositoryAccess(octokit: GithubClient, docs: Docs, org: string, saved: string, slug: string): Promise<string[]> {
  const live = new Set((await octokit.paginate('GET /orgs/{org}/repos', { org, per_page: 100 })).map((r) => r.name));
  const gone: string[] = [];
  for (const [path, v] of docs) {
    const repo = path.startsWith(`${org}/`) && path.endsWith('/teams.json') ? path.slice(org.length + 1, -'/teams.json'.length) : undefined;
    const access = repo && repo !== '_org' && Array.isArray(v) ? (v as J[]).find((t) => t.slug === saved) : undefined;
    if (!repo || !access) continue;
    if (!live.has(repo)) gone.push(repo);
    else await octokit.request('PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org, team_slug: slug, owner: org, repo, permission: String(access.permission) });
  }
  return gone.length > 0 ? [`team ${slug}: ${gone.map((r) => `${org}/${r}`).join(', ')} not in ${org} now; the team's access comes back with each repository's own restore`] : [];
}

/** The organisation's teams' ids now, by slug (none for a user's account). */
export async function teamIds(octokit: GithubClient, org: string): Promise<Map<string, number>> {
  const teams = await octokit.paginate('GET /orgs/{org}/teams', { org, per_page: 100 }).catch(() => []);
  return new Map(teams.map((t) => [t.slug, t.id]));
}
