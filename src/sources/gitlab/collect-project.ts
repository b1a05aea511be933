import type { GitlabApi } from './client.js';
import { all, doc, one, Unavailable } from './fetch.js';
import { hookDoc, only, runnersWithSettings } from './collect-group.js';

type J = Record<string, unknown>;
const PAGE = { perPage: 100 };

/** The project settings kept: GitLab's answer less counters and activity times that change on their own. */
export const PROJECT_KEYS = [
  'id', 'name', 'path', 'path_with_namespace', 'namespace', 'description', 'visibility', 'default_branch', 'topics', 'archived', 'marked_for_deletion_on', 'marked_for_deletion_at',
  'issues_enabled', 'merge_requests_enabled', 'wiki_enabled', 'jobs_enabled', 'snippets_enabled', 'shared_runners_enabled', 'group_runners_enabled', 'only_allow_merge_if_pipeline_succeeds',
  'only_allow_merge_if_all_discussions_are_resolved', 'remove_source_branch_after_merge', 'merge_method', 'squash_option', 'ci_config_path', 'request_access_enabled', 'http_url_to_repo', 'web_url',
  // CI/CD settings that decide what pipelines run and who sees or steers them (ci-settings.ts).
  'public_jobs', 'build_timeout', 'ci_forward_deployment_enabled', 'restrict_user_defined_variables', 'ci_pipeline_variables_minimum_override_role', 'ci_allow_fork_pipelines_to_run_in_parent_project', 'auto_cancel_pending_pipelines',
];

/** The documents of one project, by file name (project.json, variables.json, …). */
export async function collectProject(api: GitlabApi, id: number): Promise<Record<string, unknown>> {
  const project = await one<J>(() => api.Projects.show(id));
  const hooks = await all<J>(() => api.ProjectHooks.all(id, PAGE));
  const triggers = await all<J>(() => api.PipelineTriggerTokens.all(id, PAGE));
  return {
    'project.json': project instanceof Unavailable ? doc(project) : only(project, PROJECT_KEYS),
    'protected-branches.json': doc(await all(() => api.ProtectedBranches.all(id, PAGE))),
    'protected-tags.json': doc(await all(() => api.ProtectedTags.all(id, PAGE))),
    'push-rule.json': doc(await one(async () => (await api.ProjectPushRules.show(id)) ?? null)),
    'approval-rules.json': doc(await all(() => api.MergeRequestApprovals.allApprovalRules(id))),
    'variables.json': doc(await all(() => api.ProjectVariables.all(id, PAGE))),
    'environments.json': doc(await all(() => api.Environments.all(id, PAGE))),
    'protected-environments.json': doc(await all(() => api.ProjectProtectedEnvironments.all(id, PAGE))),
    'deploy-keys.json': doc(await all(() => api.DeployKeys.all({ projectId: id, ...PAGE }))),
    'deploy-tokens.json': doc(await all(() => api.DeployTokens.all({ projectId: id, ...PAGE } as never))),
    'pipeline-schedules.json': doc(await schedules(api, id)),
    // A trigger's token is a credential: only its description and owner are kept.
    'triggers.json': doc(triggers instanceof Unavailable ? triggers : triggers.map((t) => only(t, ['id', 'description', 'owner', 'created_at']))),
    'runners.json': await runnersWithSettings(api, await all<J>(() => api.Runners.all({ projectId: id, type: 'project_type', ...PAGE } as never))),
    'hooks.json': doc(hooks instanceof Unavailable ? hooks : hooks.map(hookDoc)),
    'members.json': doc(await all(() => api.ProjectMembers.all(id, PAGE))),
    'labels.json': doc(await all(() => api.ProjectLabels.all(id, { ...PAGE, includeAncestorGroups: false } as never))),
    'milestones.json': doc(await all(() => api.ProjectMilestones.all(id, PAGE))),
    'releases.json': doc(await all(() => api.ProjectReleases.all(id, PAGE))),
    'issues.json': doc(await withNotes(await all<J>(() => api.Issues.all({ projectId: id, ...PAGE } as never)), (iid) => api.IssueNotes.all(id, iid, PAGE))),
    'merge-requests.json': doc(await withNotes(await all<J>(() => api.MergeRequests.all({ projectId: id, ...PAGE } as never)), (iid) => api.MergeRequestNotes.all(id, iid, PAGE))),
  };
}

/** Pipeline schedules, each with its variables (the list does not carry them; one read per schedule does). */
async function schedules(api: GitlabApi, id: number): Promise<J[] | Unavailable> {
  const list = await all<J>(() => api.PipelineSchedules.all(id, PAGE));
  if (list instanceof Unavailable) return list;
  const out: J[] = [];
  for (const s of list) {
    const full = await one<J>(() => api.PipelineSchedules.show(id, Number(s.id)));
    out.push(full instanceof Unavailable ? { ...s, variables: { unavailable: full.reason } } : { ...s, variables: full.variables ?? [] });
  }
  return out;
}

/** Issues or merge requests, each with its notes (comments and system notes), oldest first. */
async function withNotes(items: J[] | Unavailable, notes: (iid: number) => Promise<unknown>): Promise<J[] | Unavailable> {
  if (items instanceof Unavailable) return items;
  const out: J[] = [];
  for (const i of [...items].sort((a, b) => Number(a.iid) - Number(b.iid))) {
    const n = await all<J>(() => notes(Number(i.iid)));
    out.push({ ...i, notes: doc(n instanceof Unavailable ? n : [...n].sort((a, b) => Number(a.id) - Number(b.id))) });
  }
  return out;
}
