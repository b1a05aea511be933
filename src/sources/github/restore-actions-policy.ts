import type { GithubClient } from './client.js';
import { POLICY_PARTS, type ActionsScope } from './actions-policy.js';

type J = Record<string, unknown>;

const readable = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) && !('unavailable' in v) ? (v as J) : undefined);
const defined = (o: J, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));

/**
 * Puts a repository's or organisation's Actions policy back as the snapshot's
 * `actions-permissions.json` has it, one PUT per part whose settings differ (`fields`, as the
 * change names them): `…/actions/permissions` (enabled or enabled_repositories, allowed_actions,
 * sha_pinning_required), `…/workflow`, and `…/selected-actions` after it (also whenever
 * allowed_actions goes back to `selected`, so the list is the snapshot's). The caller reads GitHub
 * back to verify. Returns what it could not put back as it was.
 */
export async function putActionsPolicy(octokit: GithubClient, s: ActionsScope, saved: J, fields: string[]): Promise<string[]> {
  const base = 'org' in s ? '/orgs/{org}/actions/permissions' : '/repos/{owner}/{repo}/actions/permissions';
  const touches = (part: keyof typeof POLICY_PARTS) => fields.some((f) => POLICY_PARTS[part].includes(f));
  const notes: string[] = [];
  if (touches('permissions')) {
    await octokit.request(`PUT ${base}`, { ...s, ...defined(saved, POLICY_PARTS.permissions) } as never);
    if ('org' in s && saved.enabled_repositories === 'selected') notes.push(`which repositories of ${s.org} may run Actions (enabled_repositories selected) is not backed up: the organisation keeps the list it has now`);
  }
  const workflow = readable(saved.workflow);
  if (touches('workflow')) {
    if (!workflow) throw new Error('the snapshot has no workflow permissions to put back (its token could not read them)');
    await octokit.request(`PUT ${base}/workflow`, { ...s, ...defined(workflow, POLICY_PARTS.workflow) } as never);
  }
  const selected = readable(saved.selected_actions);
  if (touches('selected_actions') || (fields.includes('allowed_actions') && saved.allowed_actions === 'selected')) {
    if (selected) await octokit.request(`PUT ${base}/selected-actions`, { ...s, ...defined(selected, POLICY_PARTS.selected_actions) } as never);
    else notes.push('the snapshot has no list of selected actions (its token could not read it): the list stays as it is now');
  }
  return notes;
}
