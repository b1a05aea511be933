import type { GithubClient } from './client.js';
import type { GithubChange } from './changes.js';
import { ORG_SETTINGS } from './changes.js';
import { rulesetInput, webhookInput } from './restore-inputs.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const find = (docs: Docs, path: string, key: (x: J) => string, target: string): J | undefined => ((docs.get(path) as J[] | undefined) ?? []).find((x) => key(x) === target);

/** Puts back one change of an organisation (scope OWNER): its settings, a ruleset, an Actions variable, a webhook. */
export async function applyOrgStep(octokit: GithubClient, docs: Docs, c: GithubChange): Promise<void> {
  const org = c.scope;
  switch (c.type) {
    case 'org-settings-changed': {
      const saved = docs.get(c.path) as J;
      const body = Object.fromEntries((c.fields ?? []).filter((f) => ORG_SETTINGS.includes(f) && saved[f] !== undefined && saved[f] !== null).map((f) => [f, saved[f]]));
      await octokit.request('PATCH /orgs/{org}', { org, ...body } as never);
      return;
    }
    case 'ruleset-deleted':
    case 'ruleset-changed': {
      const saved = find(docs, c.path, (x) => String(x.name), c.target!)!;
      const live = (await octokit.paginate('GET /orgs/{org}/rulesets', { org, per_page: 100 })).find((x) => x.name === c.target);
      if (live) await octokit.request('PUT /orgs/{org}/rulesets/{ruleset_id}', { org, ruleset_id: live.id, ...rulesetInput(saved) } as never);
      else await octokit.request('POST /orgs/{org}/rulesets', { org, ...rulesetInput(saved) } as never);
      return;
    }
    case 'variable-deleted': {
      const v = find(docs, c.path, (x) => String(x.name), c.target!)!;
      await octokit.request('POST /orgs/{org}/actions/variables', { org, name: c.target!, value: String(v.value), visibility: v.visibility as 'all' });
      return;
    }
    case 'variable-changed': {
      const v = find(docs, c.path, (x) => String(x.name), c.target!)!;
      await octokit.request('PATCH /orgs/{org}/actions/variables/{name}', { org, name: c.target!, value: String(v.value), visibility: v.visibility as 'all' });
      return;
    }
    case 'webhook-deleted': {
      const h = find(docs, c.path, (x) => String((x.config as J).url), c.target!)!;
      await octokit.request('POST /orgs/{org}/hooks', { org, ...webhookInput(h) } as never);
      return;
    }
    default:
      throw new Error(`${c.type} of an organisation cannot be restored by this version`);
  }
}
