import type { GithubClient } from './client.js';
import { restoreIssues } from './restore-issues.js';
import { teamIds } from './restore-teams.js';
import { createRelease } from './restore-releases.js';
import { environmentInput, protectionInput, repositoryInput, rulesetInput, webhookInput } from './restore-inputs.js';
import { reviewerIds } from './environment-reviewers.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/** What a recreated repository does not get back as it was (said in the plan and the result). */
export const REPO_CANNOT =
  'secret values (re-enter them), webhook secrets, merged pull requests (each comes back as a closed issue recording the merge, with its discussion), reviews as reviews (they come back as comments saying who reviewed, the verdict and when: no one can submit a review in another\'s name), and the authors and dates of issues, pull requests, comments and releases (recreated by the restoring token, each saying who wrote it and when; its mentions made inert, so no one is notified)';

/**
 * Recreates a deleted repository: settings first, then its git data (every ref, pushed by the
 * caller from the snapshot's git record), then protections, rulesets, environments, variables,
 * labels, milestones, webhooks, deploy keys, collaborators, team access, releases with their asset
 * bytes, issues and pull requests with comments and reviews.
 */
export async function restoreRepository(octokit: GithubClient, docs: Docs, owner: string, repo: string, pushGit: (repo: string, url: string) => Promise<void>, grants = true): Promise<string[]> {
  const p = { owner, repo };
  const list = (f: string) => { const v = docs.get(`${owner}/${repo}/${f}`); return Array.isArray(v) ? (v as J[]) : []; };
  const settings = docs.get(`${owner}/${repo}/repository.json`) as J;
  // Environment reviewers resolved against GitHub first: one the snapshot misnames refuses the recreation before anything is created.
  const teams = list('environments.json').length > 0 ? await teamIds(octokit, owner) : new Map<string, number>();
  const reviewers = new Map<J, { type: string; id: number }[]>();
  for (const e of list('environments.json')) reviewers.set(e, await reviewerIds(octokit, `environment ${String(e.name)} of ${owner}/${repo}`, e, teams));
  // Private first, whatever the snapshot says: its visibility is the writer's word, and opening it is a step of its own (restore-github.ts).
  const created = await octokit.request('POST /orgs/{org}/repos', { org: owner, ...repositoryInput(settings), private: true } as never);
  await pushGit(repo, String((created.data as J).clone_url));
  await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, default_branch: String(settings.default_branch) });
  if (Array.isArray(settings.topics) && settings.topics.length > 0) await octokit.request('PUT /repos/{owner}/{repo}/topics', { ...p, names: settings.topics as string[] });
  const protections = (docs.get(`${owner}/${repo}/branch-protections.json`) ?? {}) as Record<string, J>;
  for (const [branch, pr] of Object.entries(protections)) if (!('unavailable' in pr)) await octokit.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', { ...p, branch, ...protectionInput(pr) } as never);
  for (const r of list('rulesets.json')) await octokit.request('POST /repos/{owner}/{repo}/rulesets', { ...p, ...rulesetInput(r) } as never);
  for (const e of list('environments.json')) {
    await octokit.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', { ...p, environment_name: String(e.name), ...environmentInput(e, reviewers.get(e)!) } as never);
    for (const bp of (e.deployment_branch_policies as { name: string; type?: string }[] | undefined) ?? []) {
      await octokit.request('POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { ...p, environment_name: String(e.name), name: bp.name, type: (bp.type ?? 'branch') as 'branch' });
    }
  }
  for (const v of list('actions-variables.json')) await octokit.request('POST /repos/{owner}/{repo}/actions/variables', { ...p, name: String(v.name), value: String(v.value) });
  for (const l of list('labels.json')) await octokit.request('POST /repos/{owner}/{repo}/labels', { ...p, name: String(l.name), color: String(l.color), description: String(l.description ?? '') });
  const milestones = new Map<number, number>();
  for (const m of list('milestones.json').sort((a, b) => Number(a.number) - Number(b.number))) {
    const made = await octokit.request('POST /repos/{owner}/{repo}/milestones', { ...p, title: String(m.title), state: m.state as 'open', description: String(m.description ?? ''), ...(m.due_on ? { due_on: String(m.due_on) } : {}) });
    milestones.set(Number(m.number), made.data.number);
  }
  // Who gets access (hooks' addresses, keys, people, teams): only when the operator named the recreation.
  const granted = (f: string) => (grants ? list(f) : []);
  for (const h of granted('webhooks.json')) await octokit.request('POST /repos/{owner}/{repo}/hooks', { ...p, ...webhookInput(h) } as never);
  for (const k of granted('deploy-keys.json')) await octokit.request('POST /repos/{owner}/{repo}/keys', { ...p, key: String(k.key), title: String(k.title ?? ''), read_only: !!k.read_only });
  for (const c of granted('collaborators.json')) {
    const role = { read: 'pull', write: 'push' }[String(c.role_name)] ?? String(c.role_name);
    await octokit.request('PUT /repos/{owner}/{repo}/collaborators/{username}', { ...p, username: String(c.login), permission: role });
  }
  for (const t of granted('teams.json')) await octokit.request('PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org: owner, team_slug: String(t.slug), ...p, permission: String(t.permission) });
  const notes: string[] = [];
  for (const r of list('releases.json')) notes.push(...(await createRelease(octokit, p, r)));
  notes.push(...(await restoreIssues(octokit, list('issues.json'), p, milestones)));
  if (settings.archived) await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, archived: true });
  return notes;
}
