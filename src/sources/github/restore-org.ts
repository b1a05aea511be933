import type { GithubClient } from './client.js';
import type { GithubChange } from './changes.js';
import { orgSettingsBody } from './org-settings-strength.js';
import { rulesetInput, webhookInput } from './restore-inputs.js';
import { hookConfig, secretNote } from './restore-changed.js';
import { applyTeamStep } from './restore-teams.js';
import { putActionsPolicy } from './restore-actions-policy.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const find = (docs: Docs, path: string, key: (x: J) => string, target: string): J | undefined => ((docs.get(path) as J[] | undefined) ?? []).find((x) => key(x) === target);

/** Puts back one change of an organisation (scope OWNER): its settings, a ruleset, an Actions variable, a webhook, a member, a team. Returns what it could not put back as it was. */
export async function applyOrgStep(octokit: GithubClient, docs: Docs, c: GithubChange): Promise<string[]> {
  const org = c.scope;
  switch (c.type) {
    case 'org-settings-changed': {
      const saved = docs.get(c.path) as J;
      // Written as judged (org-settings-strength.ts): a value of the wrong type is refused, not sent raw.
      const body = orgSettingsBody(org, saved, c.fields ?? []);
      await octokit.request('PATCH /orgs/{org}', { org, ...body } as never);
      return [];
    }
    case 'ruleset-deleted':
    case 'ruleset-changed': {
      const saved = find(docs, c.path, (x) => String(x.name), c.target!)!;
      const live = (await octokit.paginate('GET /orgs/{org}/rulesets', { org, per_page: 100 })).find((x) => x.name === c.target);
      if (live) await octokit.request('PUT /orgs/{org}/rulesets/{ruleset_id}', { org, ruleset_id: live.id, ...rulesetInput(saved) } as never);
      else await octokit.request('POST /orgs/{org}/rulesets', { org, ...rulesetInput(saved) } as never);
      return [];
    }
    case 'variable-deleted':
    case 'variable-changed': {
      const v = find(docs, c.path, (x) => String(x.name), c.target!)!;
      const { ids, notes } = await selection(octokit, org, v);
      const body = { org, name: c.target!, value: String(v.value), visibility: v.visibility as 'all', ...(ids && { selected_repository_ids: ids }) };
      if (c.type === 'variable-deleted') await octokit.request('POST /orgs/{org}/actions/variables', body);
      else await octokit.request('PATCH /orgs/{org}/actions/variables/{name}', body);
      return notes;
    }
    case 'webhook-deleted': {
      const h = find(docs, c.path, (x) => String((x.config as J).url), c.target!)!;
      await octokit.request('POST /orgs/{org}/hooks', { org, ...webhookInput(h) } as never);
      return [];
    }
    case 'webhook-changed': {
      const h = find(docs, c.path, (x) => String((x.config as J).url), c.target!)!;
      const live = (await octokit.paginate('GET /orgs/{org}/hooks', { org, per_page: 100 })).find((x) => x.config.url === c.target);
      if (!live) return [`webhook ${c.target!} of ${org} is gone since the plan was made; restore it as deleted`];
      await octokit.request('PATCH /orgs/{org}/hooks/{hook_id}', { org, hook_id: live.id, active: !!h.active, events: h.events as string[] });
      await octokit.request('PATCH /orgs/{org}/hooks/{hook_id}/config', { org, hook_id: live.id, ...hookConfig(h) });
      return secretNote(h, live.config as J, `webhook ${c.target!} of ${org}`);
    }
    case 'actions-permissions-weakened':
    case 'actions-permissions-changed':
      return putActionsPolicy(octokit, { org }, docs.get(c.path) as J, c.fields ?? []);
    case 'member-removed':
    case 'member-changed':
    case 'team-deleted':
    case 'team-changed':
      return applyTeamStep(octokit, docs, c);
    default:
      throw new Error(`${c.type} of an organisation cannot be restored by this version`);
  }
}

/** The ids of the repositories a `selected` variable was visible to, by name as the snapshot has them; those gone are said. */
async function selection(octokit: GithubClient, org: string, v: J): Promise<{ ids?: number[]; notes: string[] }> {
  if (v.visibility !== 'selected' || !Array.isArray(v.selected_repositories)) return { notes: [] };
  const live = new Map((await octokit.paginate('GET /orgs/{org}/repos', { org, per_page: 100 })).map((r) => [r.name, r.id]));
  const names = v.selected_repositories as string[];
  const gone = names.filter((n) => !live.has(n));
  const notes = gone.length > 0 ? [`variable ${String(v.name)} of ${org}: ${gone.join(', ')} ${gone.length === 1 ? 'is' : 'are'} not in ${org} now, so not selected; select ${gone.length === 1 ? 'it' : 'them'} again once restored`] : [];
  return { ids: names.filter((n) => live.has(n)).map((n) => live.get(n)!), notes };
}
