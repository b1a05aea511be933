import type { GitlabApi } from './client.js';
import { quietMentions } from '../forge/quiet-mentions.js';
import { protectBranch, protectTag } from './restore-protections.js';
import { writeApprovalRule } from './approval-rule-write.js';
import { addMember } from './member-write.js';
import type { Where } from './where.js';

export type { Where } from './where.js';

/**
 * Puts one item of a document back into GitLab, from GitLab's read shape as the backup stored it:
 * the write call per kind of document. `where` is a project's or group's full path.
 */
type J = Record<string, unknown>;

const HOOK_EVENTS = ['push_events', 'tag_push_events', 'merge_requests_events', 'issues_events', 'confidential_issues_events', 'note_events', 'confidential_note_events', 'job_events', 'pipeline_events', 'wiki_page_events', 'deployment_events', 'releases_events'];

/** A hook's events and settings as GitLab's add and edit calls take them (a project hook has no subgroup events). */
export const hookOptions = (x: J, group: boolean): J => ({ ...Object.fromEntries(HOOK_EVENTS.filter((e) => x[e] !== undefined).map((e) => [e, !!x[e]])), enableSslVerification: x.enable_ssl_verification !== false, ...(x.push_events_branch_filter ? { pushEventsBranchFilter: x.push_events_branch_filter } : {}), ...(group && x.subgroup_events !== undefined ? { subgroupEvents: !!x.subgroup_events } : {}) });

/** GitLab answers no value for a hidden variable: the snapshot has none, and an empty one must never be written over the live one. */
export const hiddenValue = (v: J): boolean => v.value === null || v.value === undefined;

export const variableOptions = (v: J): J => ({ variableType: v.variable_type, protected: !!v.protected, masked: !!v.masked, raw: !!v.raw, environmentScope: v.environment_scope ?? '*', ...(v.description ? { description: v.description } : {}) });

/** The kinds of document this version can write an item of (file name → how). */
export async function createItem(api: GitlabApi, where: Where, file: string, x: J): Promise<void> {
  const id = where.path;
  switch (file) {
    case 'variables.json':
      if (hiddenValue(x)) throw new Error(`${String(x.key)}: GitLab did not return its value (hidden), so the snapshot has none; create it by hand with its value`);
      await (where.group ? api.GroupVariables : api.ProjectVariables).create(id, String(x.key), String(x.value ?? ''), variableOptions(x) as never);
      return;
    case 'members.json':
      await addMember(api, where, x);
      return;
    case 'hooks.json':
      await (where.group ? api.GroupHooks : api.ProjectHooks).add(id, String(x.url), hookOptions(x, where.group) as never);
      return;
    case 'labels.json':
      await (where.group ? api.GroupLabels : api.ProjectLabels).create(id, String(x.name), String(x.color), (x.description ? { description: x.description } : {}) as never);
      return;
    case 'milestones.json': {
      const milestones = where.group ? api.GroupMilestones : api.ProjectMilestones;
      const m = (await milestones.create(id, String(x.title), { description: String(x.description ?? ''), ...(x.due_date ? { dueDate: x.due_date } : {}) } as never)) as unknown as J;
      if (x.state === 'closed') await milestones.edit(id, Number(m.id), { stateEvent: 'close' } as never);
      return;
    }
    case 'protected-branches.json':
      await protectBranch(api, id, x);
      return;
    case 'protected-tags.json':
      await protectTag(api, id, x);
      return;
    case 'approval-rules.json':
      await writeApprovalRule(api, id, x);
      return;
    case 'environments.json':
      await api.Environments.create(id, String(x.name), { ...(x.external_url ? { externalUrl: x.external_url } : {}), tier: x.tier } as never);
      return;
    case 'protected-environments.json':
      // gitbeaker does not encode this resource's id into its path: the numeric id, not the full path.
      await api.ProjectProtectedEnvironments.create(Number(((await api.Projects.show(id)) as unknown as J).id), String(x.name), ((x.deploy_access_levels as J[] | undefined) ?? []).map((a) => (a.user_id ? { user_id: a.user_id } : a.group_id ? { group_id: a.group_id } : { access_level: a.access_level })) as never, { requiredApprovalCount: Number(x.required_approval_count ?? 0) } as never);
      return;
    case 'deploy-keys.json':
      await api.DeployKeys.create(id, String(x.title), String(x.key), { canPush: !!x.can_push } as never);
      return;
    case 'pipeline-schedules.json': {
      const s = (await api.PipelineSchedules.create(id, String(x.description), String(x.ref), String(x.cron), { cronTimezone: String(x.cron_timezone ?? 'UTC'), active: !!x.active } as never)) as unknown as J;
      for (const v of (x.variables as J[] | undefined) ?? []) await api.PipelineScheduleVariables.create(id, Number(s.id), String(v.key), String(v.value), { variableType: v.variable_type ?? 'env_var' } as never);
      return;
    }
    case 'releases.json':
      await api.ProjectReleases.create(id, { tagName: String(x.tag_name), ...(x.name ? { name: x.name } : {}), description: quietMentions(String(x.description ?? '')) } as never);
      return;
    default:
      throw new Error(`${file} items cannot be restored by this version`);
  }
}

/** Which documents' items createItem can write: the plan offers only these. */
export const WRITABLE = new Set(['variables.json', 'members.json', 'hooks.json', 'labels.json', 'milestones.json', 'protected-branches.json', 'protected-tags.json', 'approval-rules.json', 'environments.json', 'protected-environments.json', 'deploy-keys.json', 'pipeline-schedules.json', 'releases.json']);
