import type { GithubClient } from './client.js';
import { environmentInput, protectionInput, repositoryInput, webhookInput } from './restore-inputs.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/** What a recreated repository does not get back as it was (said in the plan and the result). */
export const REPO_CANNOT =
  'secret values (re-enter them), webhook secrets, release assets (download them from the snapshot and upload), pull requests (their branches come back with the git data), and the authors, numbers and dates of issues and comments (recreated by the restoring token, each saying who wrote it and when)';

/**
 * Recreates a deleted repository: settings first, then its git data (every ref, pushed by the
 * caller from the snapshot's git record), then protections, environments, variables, labels,
 * milestones, webhooks, deploy keys, collaborators, team access, releases, issues and comments.
 */
export async function restoreRepository(octokit: GithubClient, docs: Docs, owner: string, repo: string, pushGit: (repo: string, url: string) => Promise<void>): Promise<void> {
  const p = { owner, repo };
  const list = (f: string) => { const v = docs.get(`${owner}/${repo}/${f}`); return Array.isArray(v) ? (v as J[]) : []; };
  const settings = docs.get(`${owner}/${repo}/repository.json`) as J;
  const created = await octokit.request('POST /orgs/{org}/repos', { org: owner, ...repositoryInput(settings) } as never);
  await pushGit(repo, String((created.data as J).clone_url));
  await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, default_branch: String(settings.default_branch) });
  if (Array.isArray(settings.topics) && settings.topics.length > 0) await octokit.request('PUT /repos/{owner}/{repo}/topics', { ...p, names: settings.topics as string[] });
  const protections = (docs.get(`${owner}/${repo}/branch-protections.json`) ?? {}) as Record<string, J>;
  for (const [branch, pr] of Object.entries(protections)) if (!('unavailable' in pr)) await octokit.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', { ...p, branch, ...protectionInput(pr) } as never);
  for (const e of list('environments.json')) {
    await octokit.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', { ...p, environment_name: String(e.name), ...environmentInput(e) } as never);
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
  for (const h of list('webhooks.json')) await octokit.request('POST /repos/{owner}/{repo}/hooks', { ...p, ...webhookInput(h) } as never);
  for (const k of list('deploy-keys.json')) await octokit.request('POST /repos/{owner}/{repo}/keys', { ...p, key: String(k.key), title: String(k.title ?? ''), read_only: !!k.read_only });
  for (const c of list('collaborators.json')) {
    const role = { read: 'pull', write: 'push' }[String(c.role_name)] ?? String(c.role_name);
    await octokit.request('PUT /repos/{owner}/{repo}/collaborators/{username}', { ...p, username: String(c.login), permission: role });
  }
  for (const t of list('teams.json')) await octokit.request('PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org: owner, team_slug: String(t.slug), ...p, permission: String(t.permission) });
  for (const r of list('releases.json')) {
    await octokit.request('POST /repos/{owner}/{repo}/releases', { ...p, tag_name: String(r.tag_name), name: String(r.name ?? ''), body: String(r.body ?? ''), draft: !!r.draft, prerelease: !!r.prerelease, target_commitish: String(r.target_commitish) });
  }
  await restoreIssues(octokit, list('issues.json'), p, milestones);
  if (settings.archived) await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, archived: true });
}

async function restoreIssues(octokit: GithubClient, issues: J[], p: { owner: string; repo: string }, milestones: Map<number, number>): Promise<void> {
  for (const i of issues.filter((x) => !x.pull_request).sort((a, b) => Number(a.number) - Number(b.number))) {
    const by = (x: J) => `_Originally by @${String((x.user as J | undefined)?.login)} on ${String(x.created_at)}._\n\n`;
    const milestone = (i.milestone as J | null)?.number;
    const made = await octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...p,
      title: String(i.title),
      body: `${by(i)}${String(i.body ?? '')}`,
      labels: ((i.labels as { name: string }[] | undefined) ?? []).map((l) => l.name),
      ...(milestone !== undefined && milestones.has(Number(milestone)) ? { milestone: milestones.get(Number(milestone)) } : {}),
    });
    for (const c of (i.comments_list as J[] | undefined) ?? []) await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...p, issue_number: made.data.number, body: `${by(c)}${String(c.body ?? '')}` });
    if (i.state === 'closed') await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...p, issue_number: made.data.number, state: 'closed' });
  }
}
