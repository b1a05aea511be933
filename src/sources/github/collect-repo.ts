import type { GithubClient } from './client.js';
import { all, doc, one, Unavailable } from './fetch.js';
import { withPullDetails } from './collect-pulls.js';
import type { EtagCache } from './etag-cache.js';
import { collectActionsPolicy } from './actions-policy.js';

type J = Record<string, unknown>;

/** The documents of one repository, by file name (repository.json, environments.json, …). */
export async function collectRepo(octokit: GithubClient, owner: string, repo: string, cache?: EtagCache): Promise<{ docs: Record<string, unknown>; repository: J | Unavailable; releases: J[] }> {
  const p = { owner, repo };
  const repository = await one<J>(octokit, 'GET /repos/{owner}/{repo}', p);
  const branches = await all<{ name: string; protected: boolean }>(octokit, 'GET /repos/{owner}/{repo}/branches', p);
  const protections: Record<string, unknown> = {};
  if (!(branches instanceof Unavailable)) {
    for (const b of branches.filter((x) => x.protected)) protections[b.name] = doc(await one(octokit, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { ...p, branch: b.name }));
  }
  const rulesetList = await all<{ id: number }>(octokit, 'GET /repos/{owner}/{repo}/rulesets', { ...p, includes_parents: false });
  const rulesets = rulesetList instanceof Unavailable ? rulesetList : await Promise.all(rulesetList.map(async (r) => doc(await one(octokit, 'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}', { ...p, ruleset_id: r.id }))));
  const environments = await environmentsOf(octokit, p);
  const hooks = await all<J>(octokit, 'GET /repos/{owner}/{repo}/hooks', p);
  const releases = await all<J>(octokit, 'GET /repos/{owner}/{repo}/releases', p);
  const docs: Record<string, unknown> = {
    'repository.json': doc(repository),
    'branch-protections.json': branches instanceof Unavailable ? doc(branches) : protections,
    'rulesets.json': doc(rulesets),
    'environments.json': doc(environments),
    'actions-variables.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/actions/variables', p)),
    'actions-secrets.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/actions/secrets', p)),
    'actions-permissions.json': await collectActionsPolicy(octokit, p),
    'webhooks.json': doc(hooks instanceof Unavailable ? hooks : hooks.map(withoutSecret)),
    'deploy-keys.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/keys', p)),
    'collaborators.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/collaborators', { ...p, affiliation: 'direct' })),
    'teams.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/teams', p)),
    'labels.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/labels', p)),
    'milestones.json': doc(await all(octokit, 'GET /repos/{owner}/{repo}/milestones', { ...p, state: 'all' })),
    'releases.json': doc(releases),
    'issues.json': doc(await issuesWithComments(octokit, p, cache)),
  };
  return { docs, repository, releases: releases instanceof Unavailable ? [] : releases };
}

/** Environments with their deployment branch policies (a separate list per environment). */
async function environmentsOf(octokit: GithubClient, p: { owner: string; repo: string }) {
  const envs = await all<J & { name: string; deployment_branch_policy?: { custom_branch_policies?: boolean } | null }>(octokit, 'GET /repos/{owner}/{repo}/environments', p);
  if (envs instanceof Unavailable) return envs;
  return Promise.all(
    envs.map(async (e) => {
      if (!e.deployment_branch_policy?.custom_branch_policies) return e;
      const policies = await all(octokit, 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { ...p, environment_name: e.name });
      return { ...e, deployment_branch_policies: doc(policies) };
    }),
  );
}

/** Issues and pull requests (state all), each with its comments (one repository-wide comment list); pull requests with their sides, reviews and review comments. */
async function issuesWithComments(octokit: GithubClient, p: { owner: string; repo: string }, cache?: EtagCache) {
  const issues = await all<J & { url: string; number: number }>(octokit, 'GET /repos/{owner}/{repo}/issues', { ...p, state: 'all' });
  if (issues instanceof Unavailable) return issues;
  const comments = await all<J & { issue_url: string }>(octokit, 'GET /repos/{owner}/{repo}/issues/comments', p);
  const byIssue = new Map<string, J[]>();
  if (!(comments instanceof Unavailable)) for (const c of comments) byIssue.set(c.issue_url, [...(byIssue.get(c.issue_url) ?? []), c]);
  return withPullDetails(octokit, p, issues.map((i) => ({ ...i, comments_list: byIssue.get(i.url) ?? [] })), cache);
}

/** A webhook's shared secret is never stored (GitHub masks it anyway); whether it had one is. */
function withoutSecret(h: J): J {
  const config = { ...(h.config as J) };
  const had = config.secret !== undefined && config.secret !== null;
  delete config.secret;
  return { ...h, config: { ...config, has_secret: had } };
}
