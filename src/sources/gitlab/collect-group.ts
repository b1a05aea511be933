import type { GitlabApi } from './client.js';
import { all, doc, one, Unavailable } from './fetch.js';

type J = Record<string, unknown>;
const PAGE = { perPage: 100 };

/** The group settings kept (GitLab's answer less counters and URLs that change on their own). */
const GROUP_KEYS = ['id', 'name', 'path', 'full_path', 'description', 'visibility', 'parent_id', 'default_branch_protection', 'project_creation_level', 'subgroup_creation_level', 'request_access_enabled', 'require_two_factor_authentication', 'share_with_group_lock', 'lfs_enabled', 'marked_for_deletion_on'];

export const only = (x: J, keys: string[]): J => Object.fromEntries(keys.filter((k) => k in x).map((k) => [k, x[k]]));

/** Runners as listed, each with its settings and tags (a second read per runner). */
export async function runnersWithSettings(api: GitlabApi, list: J[] | Unavailable): Promise<unknown> {
  if (list instanceof Unavailable) return doc(list);
  const out: unknown[] = [];
  for (const r of list) {
    const full = await one<J>(() => api.Runners.show(Number(r.id)));
    out.push(full instanceof Unavailable ? r : only(full, ['id', 'description', 'runner_type', 'paused', 'is_shared', 'tag_list', 'run_untagged', 'locked', 'access_level', 'maximum_timeout', 'name']));
  }
  return out;
}

/** A webhook as kept: GitLab never returns its secret token; drop even the field, keep its settings. */
export const hookDoc = (h: J): J => {
  const copy = { ...h };
  delete copy.token;
  return copy;
};

/** The documents of one group, by file name (group.json, variables.json, …). */
export async function collectGroup(api: GitlabApi, group: J & { id: number }): Promise<Record<string, unknown>> {
  const id = group.id;
  const hooks = await all<J>(() => api.GroupHooks.all(id, PAGE));
  return {
    'group.json': only(group, GROUP_KEYS),
    'variables.json': doc(await all(() => api.GroupVariables.all(id, PAGE))),
    'members.json': doc(await all(() => api.GroupMembers.all(id, PAGE))),
    'hooks.json': doc(hooks instanceof Unavailable ? hooks : hooks.map(hookDoc)),
    'runners.json': await runnersWithSettings(api, await all<J>(() => api.Runners.all({ groupId: id, type: 'group_type', ...PAGE } as never))),
    'labels.json': doc(await all(() => api.GroupLabels.all(id, { ...PAGE, onlyGroupLabels: true } as never))),
    'milestones.json': doc(await all(() => api.GroupMilestones.all(id, PAGE))),
    'deploy-tokens.json': doc(await all(() => api.DeployTokens.all({ groupId: id, ...PAGE } as never))),
  };
}
