import type { GitlabApi } from './client.js';
import type { Where } from './restore-items.js';
import { hookOptions } from './restore-items.js';
import { quietMentions } from '../forge/quiet-mentions.js';
import { editMember } from './member-write.js';

/**
 * A changed item put back in place with GitLab's edit call, from the snapshot's read shape: the same
 * hook, member, key, label, milestone, environment, schedule or release (its id, and what points at
 * it, kept). The live item is found by the key the comparison used (change-kinds.ts).
 */
type J = Record<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const find = async (all: Promise<unknown>, match: (x: J) => boolean, what: string): Promise<J> => {
  const x = listOf(await all).find(match);
  if (!x) throw new Error(`${what} is no longer there to edit`);
  return x;
};

/** Which documents' changed items editItem writes (a protection, variable or approval rule is written by restore-actions.ts). */
export const EDITABLE = new Set(['hooks.json', 'members.json', 'deploy-keys.json', 'labels.json', 'milestones.json', 'environments.json', 'pipeline-schedules.json', 'releases.json']);

/** Edits one changed item back to the snapshot's; what it could not put back as it was, said. */
export async function editItem(api: GitlabApi, where: Where, file: string, x: J): Promise<string[]> {
  const id = where.path;
  switch (file) {
    case 'hooks.json': {
      const hooks = where.group ? api.GroupHooks : api.ProjectHooks;
      const h = await find(hooks.all(id), (y) => y.url === x.url, `hook to ${String(x.url)}`);
      await hooks.edit(id, Number(h.id), String(x.url), hookOptions(x, where.group) as never);
      return [];
    }
    case 'members.json':
      await editMember(api, where, x);
      return [];
    case 'deploy-keys.json': {
      const k = await find(api.DeployKeys.all({ projectId: id }), (y) => y.key === x.key, `deploy key ${String(x.title)}`);
      await api.DeployKeys.edit(id, Number(k.id), { title: String(x.title), canPush: !!x.can_push } as never);
      return [];
    }
    case 'labels.json':
      await (where.group ? api.GroupLabels : api.ProjectLabels).edit(id, String(x.name), { color: String(x.color), description: String(x.description ?? '') } as never);
      return [];
    case 'milestones.json': {
      const milestones = where.group ? api.GroupMilestones : api.ProjectMilestones;
      const m = await find(milestones.all(id), (y) => y.title === x.title, `milestone ${String(x.title)}`);
      await milestones.edit(id, Number(m.id), { description: String(x.description ?? ''), dueDate: x.due_date ?? null, ...(m.state !== x.state && { stateEvent: x.state === 'closed' ? 'close' : 'activate' }) } as never);
      return [];
    }
    case 'environments.json': {
      const e = await find(api.Environments.all(id), (y) => y.name === x.name, `environment ${String(x.name)}`);
      await api.Environments.edit(id, Number(e.id), { externalUrl: x.external_url ?? null, ...(x.tier ? { tier: x.tier } : {}) } as never);
      return [];
    }
    case 'pipeline-schedules.json':
      return editSchedule(api, id, x);
    case 'releases.json':
      await api.ProjectReleases.edit(id, String(x.tag_name), { name: String(x.name ?? x.tag_name), description: quietMentions(String(x.description ?? '')) } as never);
      return [];
    default:
      throw new Error(`a changed item of ${file} cannot be edited by this version`);
  }
}

/** A schedule's settings, then its variables exactly as saved: changed ones edited, missing ones added, others taken out. */
async function editSchedule(api: GitlabApi, id: string, x: J): Promise<string[]> {
  const s = await find(api.PipelineSchedules.all(id), (y) => y.description === x.description, `schedule ${String(x.description)}`);
  const sid = Number(s.id);
  await api.PipelineSchedules.edit(id, sid, { description: String(x.description), ref: String(x.ref), cron: String(x.cron), cronTimezone: String(x.cron_timezone ?? 'UTC'), active: !!x.active } as never);
  const live = listOf(((await api.PipelineSchedules.show(id, sid)) as unknown as J).variables);
  const saved = listOf(x.variables);
  for (const v of saved) {
    const opts = { variableType: v.variable_type ?? 'env_var' } as never;
    if (live.some((y) => y.key === v.key)) await api.PipelineScheduleVariables.edit(id, sid, String(v.key), String(v.value), opts);
    else await api.PipelineScheduleVariables.create(id, sid, String(v.key), String(v.value), opts);
  }
  for (const v of live.filter((y) => !saved.some((w) => w.key === y.key))) await api.PipelineScheduleVariables.remove(id, sid, String(v.key));
  return s.owner && x.owner && (s.owner as J).username !== (x.owner as J).username ? [`its owner stays @${String((s.owner as J).username)} (GitLab changes it only by taking ownership)`] : [];
}
