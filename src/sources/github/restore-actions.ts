import type { GithubClient } from './client.js';
import type { GithubChange } from './changes.js';
import { environmentInput, protectionInput, rulesetInput, webhookInput } from './restore-inputs.js';
import { restoreRepository } from './restore-repo.js';
import { applyOrgStep } from './restore-org.js';
import { createRelease, repairRelease } from './restore-releases.js';
import { commentText, reviewCommentText } from './attribution.js';
import { commentTarget } from './comment-changes.js';
import { repairItem } from './restore-changed.js';
import { teamIds } from './restore-teams.js';
import { reviewerIds } from './environment-reviewers.js';
import { putActionsPolicy } from './restore-actions-policy.js';

type J = Record<string, unknown>;
export type Docs = Map<string, unknown>;

/** What restoring a change does, in words, and what it cannot bring back as it was. */
export interface RestoreStep {
  change: GithubChange;
  does: string;
  cannot?: string;
  /** Refs of a recreated repository that carry pipelines (said by ops/restore/forge-pipelines.ts). */
  runsCi?: string[];
  /** A recreated repository gets no collaborators, teams, deploy keys or webhooks: the operator did not name them. */
  withoutGrants?: boolean;
  /** The write calls it makes, at most (ops/restore/forge-write-budget.ts). */
  writes?: number;
}

const find = (docs: Docs, path: string, key: (x: J) => string, target: string): J | undefined => ((docs.get(path) as J[] | undefined) ?? []).find((x) => key(x) === target);

/**
 * The API calls that put one change back from the snapshot's documents. What it could not bring
 * back as it was (a merged pull request, an asset missing from the snapshot) is returned, in words.
 */
export async function applyStep(octokit: GithubClient, docs: Docs, step: RestoreStep, pushGit: (repo: string, url: string) => Promise<void>): Promise<string[]> {
  const c = step.change;
  if (!c.scope.includes('/')) return applyOrgStep(octokit, docs, c);
  const [owner, repo] = c.scope.split('/') as [string, string];
  const p = { owner, repo };
  const doc = (f: string) => docs.get(`${c.scope}/${f}`);
  switch (c.type) {
    case 'protection-removed':
    case 'protection-weakened':
    case 'protection-changed': {
      const saved = (doc('branch-protections.json') as Record<string, J>)[c.target!]!;
      await octokit.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', { ...p, branch: c.target!, ...protectionInput(saved) } as never);
      return [];
    }
    case 'environment-deleted':
    case 'environment-changed': {
      const e = find(docs, c.path, (x) => String(x.name), c.target!)!;
      const reviewers = await reviewerIds(octokit, `environment ${c.target!} of ${c.scope}`, e, await teamIds(octokit, owner));
      await octokit.request('PUT /repos/{owner}/{repo}/environments/{environment_name}', { ...p, environment_name: c.target!, ...environmentInput(e, reviewers) } as never);
      const live = (await octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { ...p, environment_name: c.target! }).catch(() => undefined))?.data.branch_policies ?? [];
      for (const bp of (e.deployment_branch_policies as { name: string; type?: string }[] | undefined) ?? []) {
        if (live.some((x) => x.name === bp.name)) continue;
        await octokit.request('POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { ...p, environment_name: c.target!, name: bp.name, type: (bp.type ?? 'branch') as 'branch' });
      }
      return [];
    }
    case 'variable-deleted': {
      const v = find(docs, c.path, (x) => String(x.name), c.target!)!;
      await octokit.request('POST /repos/{owner}/{repo}/actions/variables', { ...p, name: c.target!, value: String(v.value) });
      return [];
    }
    case 'variable-changed': {
      const v = find(docs, c.path, (x) => String(x.name), c.target!)!;
      await octokit.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...p, name: c.target!, value: String(v.value) });
      return [];
    }
    case 'label-deleted': {
      const l = find(docs, c.path, (x) => String(x.name), c.target!)!;
      await octokit.request('POST /repos/{owner}/{repo}/labels', { ...p, name: c.target!, color: String(l.color), description: String(l.description ?? '') });
      return [];
    }
    case 'webhook-deleted': {
      const h = find(docs, c.path, (x) => String((x.config as J).url), c.target!)!;
      await octokit.request('POST /repos/{owner}/{repo}/hooks', { ...p, ...webhookInput(h) } as never);
      return [];
    }
    case 'webhook-changed':
    case 'label-changed':
    case 'milestone-changed':
      return repairItem(octokit, p, c, find(docs, c.path, c.type === 'webhook-changed' ? (x) => String((x.config as J).url) : c.type === 'label-changed' ? (x) => String(x.name) : (x) => String(x.title), c.target!)!);
    case 'deploy-key-deleted': {
      const k = find(docs, c.path, (x) => String(x.key), c.target!)!;
      await octokit.request('POST /repos/{owner}/{repo}/keys', { ...p, key: c.target!, title: String(k.title ?? ''), read_only: !!k.read_only });
      return [];
    }
    case 'collaborator-removed':
    case 'collaborator-changed': {
      const k = find(docs, c.path, (x) => String(x.login), c.target!)!;
      const role = { read: 'pull', write: 'push' }[String(k.role_name)] ?? String(k.role_name);
      await octokit.request('PUT /repos/{owner}/{repo}/collaborators/{username}', { ...p, username: c.target!, permission: role });
      return [];
    }
    case 'team-access-removed':
    case 'team-access-changed': {
      const t = find(docs, c.path, (x) => String(x.slug), c.target!)!;
      await octokit.request('PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org: owner, team_slug: c.target!, ...p, permission: String(t.permission) });
      return [];
    }
    case 'milestone-deleted': {
      const m = find(docs, c.path, (x) => String(x.title), c.target!)!;
      await octokit.request('POST /repos/{owner}/{repo}/milestones', { ...p, title: c.target!, state: m.state as 'open', description: String(m.description ?? ''), ...(m.due_on ? { due_on: String(m.due_on) } : {}) });
      return [];
    }
    case 'comment-deleted':
    case 'review-comment-deleted': {
      const review = c.type === 'review-comment-deleted';
      const issue = find(docs, c.path, (x) => `#${String(x.number)}`, c.target!.split(' ')[0]!)!;
      const list = ((review ? issue.review_comments_list : issue.comments_list) as J[] | undefined) ?? [];
      const k = list.find((x) => commentTarget(issue, review ? 'review comment' : 'comment', x) === c.target)!;
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...p, issue_number: Number(issue.number), body: review ? reviewCommentText(k) : commentText(k) });
      return [];
    }
    case 'settings-changed': {
      const saved = doc('repository.json') as J;
      // visibility follows private when both changed; topics have their own call.
      const fields = (c.fields ?? []).filter((f) => f !== 'topics' && !(f === 'visibility' && c.fields!.includes('private')) && saved[f] !== undefined);
      if (fields.length > 0) await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, ...Object.fromEntries(fields.map((f) => [f, saved[f]])) } as never);
      if (c.fields?.includes('topics')) await octokit.request('PUT /repos/{owner}/{repo}/topics', { ...p, names: (saved.topics as string[] | undefined) ?? [] });
      return [];
    }
    case 'actions-permissions-weakened':
    case 'actions-permissions-changed':
      return putActionsPolicy(octokit, p, doc('actions-permissions.json') as J, c.fields ?? []);
    case 'repo-archived':
      await octokit.request('PATCH /repos/{owner}/{repo}', { ...p, archived: false });
      return [];
    case 'ruleset-deleted':
    case 'ruleset-changed': {
      const saved = find(docs, c.path, (x) => String(x.name), c.target!)!;
      const live = (await octokit.paginate('GET /repos/{owner}/{repo}/rulesets', { ...p, includes_parents: false, per_page: 100 })).find((x) => x.name === c.target);
      if (live) await octokit.request('PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}', { ...p, ruleset_id: live.id, ...rulesetInput(saved) } as never);
      else await octokit.request('POST /repos/{owner}/{repo}/rulesets', { ...p, ...rulesetInput(saved) } as never);
      return [];
    }
    case 'release-deleted':
      return createRelease(octokit, p, find(docs, c.path, (x) => String(x.tag_name), c.target!)!);
    case 'release-changed':
      return repairRelease(octokit, p, find(docs, c.path, (x) => String(x.tag_name), c.target!)!);
    case 'repo-deleted':
      return restoreRepository(octokit, docs, owner, repo, pushGit, !step.withoutGrants);
    default:
      throw new Error(`${c.type} cannot be restored by this version`);
  }
}
