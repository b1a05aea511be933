import type { GithubClient } from './client.js';
import type { GithubLocator } from './locator.js';
import { all, doc, one, Unavailable } from './fetch.js';
import { BulkheadError } from '../../util/errors.js';
import { collectActionsPolicy } from './actions-policy.js';

type J = Record<string, unknown>;

/** A repository as discovered: what the backup needs beside its documents. */
export interface Discovered {
  name: string;
  clone_url: string;
  archived: boolean;
  fork: boolean;
  private: boolean;
  has_wiki: boolean;
  default_branch: string;
}

/**
 * Which repositories the source covers, found at backup time (new ones included, archived kept,
 * forks only with forks=1), and the account's own documents (`_org/…` for an organisation).
 */
export async function discover(octokit: GithubClient, loc: GithubLocator): Promise<{ repos: Discovered[]; docs: Record<string, unknown>; isOrg: boolean }> {
  if (loc.repo) {
    const r = await one<Discovered>(octokit, 'GET /repos/{owner}/{repo}', { owner: loc.owner, repo: loc.repo });
    if (r instanceof Unavailable) throw new BulkheadError('SOURCE_FAILED', `GitHub repository ${loc.owner}/${loc.repo} cannot be read (${r.reason}); check the name and that the token may read it`);
    return { repos: [pick(r)], docs: {}, isOrg: false };
  }
  const org = await one<J>(octokit, 'GET /orgs/{org}', { org: loc.owner });
  const isOrg = !(org instanceof Unavailable);
  const account = isOrg ? org : await one<J>(octokit, 'GET /users/{username}', { username: loc.owner });
  if (account instanceof Unavailable) throw new BulkheadError('SOURCE_FAILED', `GitHub has no organisation or user "${loc.owner}" this token can see (${account.reason}); check the name and the token's access`);
  const listed = isOrg
    ? await all<Discovered>(octokit, 'GET /orgs/{org}/repos', { org: loc.owner, type: 'all' })
    : await all<Discovered>(octokit, 'GET /users/{username}/repos', { username: loc.owner, type: 'owner' });
  if (listed instanceof Unavailable) throw new BulkheadError('SOURCE_FAILED', `GitHub account ${loc.owner} cannot be listed (${listed.reason}); check the name and the token's access`);
  const repos = listed.filter((r) => loc.forks || !r.fork).map(pick).sort((a, b) => (a.name < b.name ? -1 : 1));
  const docs: Record<string, unknown> = isOrg ? await orgDocs(octokit, loc.owner, org) : { 'account.json': account };
  docs['repositories.json'] = repos.map(({ clone_url: _, ...r }) => r);
  return { repos, docs, isOrg };
}

const pick = (r: Discovered): Discovered => ({ name: r.name, clone_url: r.clone_url, archived: r.archived, fork: r.fork, private: r.private, has_wiki: r.has_wiki, default_branch: r.default_branch });

async function orgDocs(octokit: GithubClient, org: string, profile: J): Promise<Record<string, unknown>> {
  const p = { org };
  const teams = await all<J & { slug: string }>(octokit, 'GET /orgs/{org}/teams', p);
  const withMembers = teams instanceof Unavailable ? teams : await Promise.all(teams.map(async (t) => ({ ...t, members: doc(await all(octokit, 'GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: t.slug })) })));
  const rulesetList = await all<{ id: number }>(octokit, 'GET /orgs/{org}/rulesets', p);
  const rulesets = rulesetList instanceof Unavailable ? rulesetList : await Promise.all(rulesetList.map(async (r) => doc(await one(octokit, 'GET /orgs/{org}/rulesets/{ruleset_id}', { org, ruleset_id: r.id }))));
  const hooks = await all<J & { config: J }>(octokit, 'GET /orgs/{org}/hooks', p);
  return {
    'org.json': profile,
    'members.json': doc(await members(octokit, org)),
    'invitations.json': doc(await all(octokit, 'GET /orgs/{org}/invitations', p)),
    'teams.json': doc(withMembers),
    'actions-variables.json': doc(await orgVariables(octokit, org)),
    'actions-secrets.json': doc(await all(octokit, 'GET /orgs/{org}/actions/secrets', p)),
    'rulesets.json': doc(rulesets),
    'actions-permissions.json': await collectActionsPolicy(octokit, { org }),
    'webhooks.json': doc(hooks instanceof Unavailable ? hooks : hooks.map((h) => ({ ...h, config: { ...h.config, secret: undefined, has_secret: h.config.secret != null } }))),
  };
}

/** Org Actions variables; one visible to selected repositories with their names (`selected_repositories`, sorted), so a restore can select them again. */
async function orgVariables(octokit: GithubClient, org: string): Promise<J[] | Unavailable> {
  const vars = await all<J & { name: string; visibility: string }>(octokit, 'GET /orgs/{org}/actions/variables', { org });
  if (vars instanceof Unavailable) return vars;
  return Promise.all(vars.map(async (v) => {
    if (v.visibility !== 'selected') return v;
    const repos = await all<{ name: string }>(octokit, 'GET /orgs/{org}/actions/variables/{name}/repositories', { org, name: v.name });
    return { ...v, selected_repositories: repos instanceof Unavailable ? doc(repos) : repos.map((r) => r.name).sort() };
  }));
}

/** The organisation's members, each with its role (`admin`: an owner, else `member`) when the token may list owners. */
async function members(octokit: GithubClient, org: string): Promise<J[] | Unavailable> {
  const everyone = await all<J & { login: string }>(octokit, 'GET /orgs/{org}/members', { org });
  if (everyone instanceof Unavailable) return everyone;
  const owners = await all<{ login: string }>(octokit, 'GET /orgs/{org}/members', { org, role: 'admin' });
  if (owners instanceof Unavailable) return everyone;
  const admin = new Set(owners.map((o) => o.login));
  return everyone.map((m) => ({ ...m, role: admin.has(m.login) ? 'admin' : 'member' }));
}
