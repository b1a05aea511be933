import type { GithubClient } from './client.js';
import { doc, one, Unavailable } from './fetch.js';
import type { GithubChange } from './change-types.js';
import { rankedDifference, sayDifference as say, settingsChange, type SettingDifference } from '../forge/setting-difference.js';

type J = Record<string, unknown>;

/** A repository (`{ owner, repo }`) or an organisation (`{ org }`). */
export type ActionsScope = { owner: string; repo: string } | { org: string };

const base = (s: ActionsScope) => ('org' in s ? '/orgs/{org}/actions/permissions' : '/repos/{owner}/{repo}/actions/permissions');

/**
 * The `actions-permissions.json` document of a repository or organisation: GitHub's answer to
 * `…/actions/permissions` (enabled or enabled_repositories, allowed_actions), with `workflow` (the
 * GITHUB_TOKEN's default permissions, whether workflows may approve pull requests) and, while
 * allowed_actions is `selected`, `selected_actions` (GitHub-owned, verified creators, patterns). A
 * part the token or plan may not read is `{ unavailable }` on its own.
 */
export async function collectActionsPolicy(octokit: GithubClient, s: ActionsScope): Promise<unknown> {
  const perms = await one<J>(octokit, `GET ${base(s)}`, s);
  if (perms instanceof Unavailable) return doc(perms);
  // The URLs are GitHub's bookkeeping (and a change of host is no change of policy).
  const kept = Object.fromEntries(Object.entries(perms).filter(([k]) => !k.endsWith('_url')));
  const workflow = doc(await one(octokit, `GET ${base(s)}/workflow`, s));
  const selected = kept.allowed_actions === 'selected' ? { selected_actions: doc(await one(octokit, `GET ${base(s)}/selected-actions`, s)) } : {};
  return { ...kept, workflow, ...selected };
}

/** One setting of the document: where it is, and how its values rank from strict to loose (a later value lets more run). */
interface Setting {
  name: string;
  part?: 'workflow' | 'selected_actions';
  /** Values strictest first; a move to a later one is a weakening. Absent: compared as a set of patterns. */
  order?: unknown[];
}

const SETTINGS: Setting[] = [
  { name: 'enabled', order: [false, true] },
  { name: 'enabled_repositories', order: ['none', 'selected', 'all'] },
  { name: 'allowed_actions', order: ['local_only', 'selected', 'all'] },
  { name: 'sha_pinning_required', order: [true, false] },
  { name: 'default_workflow_permissions', part: 'workflow', order: ['read', 'write'] },
  { name: 'can_approve_pull_request_reviews', part: 'workflow', order: [false, true] },
  { name: 'github_owned_allowed', part: 'selected_actions', order: [false, true] },
  { name: 'verified_allowed', part: 'selected_actions', order: [false, true] },
  { name: 'patterns_allowed', part: 'selected_actions' },
];

/** Which settings live in which call (a restore puts back only the calls whose settings differ). */
export const POLICY_PARTS = { permissions: ['enabled', 'enabled_repositories', 'allowed_actions', 'sha_pinning_required'], workflow: ['default_workflow_permissions', 'can_approve_pull_request_reviews'], selected_actions: ['github_owned_allowed', 'verified_allowed', 'patterns_allowed'] };

export type PolicyDifference = SettingDifference;

const readable = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) && !('unavailable' in v) ? (v as J) : undefined);
const show = (_field: string, v: unknown) => (Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v));

/**
 * How `to` differs from `from`, setting by setting, each saying whether it is a weakening. A
 * setting either side lacks (an old snapshot without `workflow`, a part unavailable, selected
 * actions while only one side allows selected actions) is not compared: unknown is not changed.
 */
export function policyDifferences(from: unknown, to: unknown): PolicyDifference[] {
  const [a, b] = [readable(from), readable(to)];
  if (!a || !b) return [];
  const out: PolicyDifference[] = [];
  for (const s of SETTINGS) {
    const [pa, pb] = s.part ? [readable(a[s.part]), readable(b[s.part])] : [a, b];
    const [x, y] = [pa?.[s.name], pb?.[s.name]];
    if (x === undefined || y === undefined) continue;
    if (s.order) {
      if (x !== y) out.push(rankedDifference(s.name, x, y, s));
    } else {
      const [xs, ys] = [new Set((x as unknown[]).map(String)), new Set((y as unknown[]).map(String))];
      const added = [...ys].filter((p) => !xs.has(p));
      if (added.length === 0 && xs.size === ys.size) continue;
      out.push({ field: s.name, from: [...xs].sort(), to: [...ys].sort(), weaker: added.length > 0 });
    }
  }
  return out;
}

/** "allowed_actions selected → all (weaker)", one difference in words. */
export const sayDifference = (d: PolicyDifference) => say(d, show);

/**
 * The change of a repository's or organisation's Actions policy (`scope` OWNER or OWNER/REPO), if
 * any: `actions-permissions-weakened` when any setting now lets more run (all actions, a write
 * GITHUB_TOKEN, workflows approving pull requests…), else `actions-permissions-changed`; its note
 * says each setting's way, snapshot → now.
 */
export function actionsPolicyChange(scope: string, path: string, before: unknown, after: unknown): GithubChange | undefined {
  return settingsChange({ weakened: 'actions-permissions-weakened', changed: 'actions-permissions-changed' }, scope, path, policyDifferences(before, after), show);
}
