import type { GitlabApi } from './client.js';
import { createItem, hiddenValue } from './restore-items.js';
import { projectDoc } from './collect.js';
import { quietMentions } from '../forge/quiet-mentions.js';
import { PROJECT_SETTING_KEYS, PUSH_RULE_KEYS, writtenBody } from './written-settings.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/** What a recreated project does not get back as it was (said in the plan and the result). */
export const PROJECT_CANNOT =
  'trigger and deploy token values (create new ones), runners (register them again), webhook secret tokens, the wiki (restore its git record with `bulkhead restore`), merge requests (their branches come back with the git data), and the authors, numbers and dates of issues and notes (recreated by the restoring token, each saying who wrote it and when; its mentions made inert, so no one is notified)';

/** In the order a project is rebuilt: protections before variables, labels before issues. */
/** What gives someone access to the project: left out unless the operator named the recreation (ops/restore/forge-restore.ts). */
const GRANTS = ['deploy-keys.json', 'hooks.json', 'members.json'];
const ORDER = ['protected-branches.json', 'protected-tags.json', 'approval-rules.json', 'variables.json', 'environments.json', 'protected-environments.json', 'deploy-keys.json', 'pipeline-schedules.json', 'hooks.json', 'members.json', 'labels.json', 'milestones.json', 'releases.json'];

export const projectSettings = (p: J): J => writtenBody(p, PROJECT_SETTING_KEYS, `settings of ${String(p.path_with_namespace ?? p.path)}`);

/**
 * Recreates a deleted project in its group: settings first, then its git data (every ref, pushed by
 * the caller from the snapshot's git record), the default branch, then protections, push rule,
 * approval rules, variables (values), environments, deploy keys, schedules, hooks, members,
 * labels, milestones, releases, issues with their notes; archived last if it was.
 */
export async function restoreProject(api: GitlabApi, docs: Docs, fullPath: string, pushGit: (fullPath: string, url: string) => Promise<void>, grants = true): Promise<string[]> {
  const doc = (f: string) => docs.get(projectDoc(fullPath, f));
  const list = (f: string) => (Array.isArray(doc(f)) ? (doc(f) as J[]) : []);
  const settings = doc('project.json') as J;
  const parent = fullPath.split('/').slice(0, -1).join('/');
  const ns = (await api.Groups.show(parent)) as unknown as J;
  // Private first, whatever the snapshot says: its visibility is the writer's word, and making it public is a step of its own (visibilityStep).
  const made = (await api.Projects.create({ name: String(settings.name), path: String(settings.path), namespaceId: Number(ns.id), ...projectSettings(settings), visibility: 'private' } as never)) as unknown as J;
  await pushGit(fullPath, String(made.http_url_to_repo));
  if (settings.default_branch) await api.Projects.edit(fullPath, { defaultBranch: String(settings.default_branch) } as never);
  const rule = doc('push-rule.json') as J | undefined;
  if (rule && !('unavailable' in rule) && Object.keys(rule).length > 0) await api.ProjectPushRules.create(fullPath, pushRuleInput(rule) as never);
  const notes: string[] = [];
  for (const file of ORDER.filter((f) => grants || !GRANTS.includes(f))) {
    for (const x of list(file)) {
      if (file === 'variables.json' && hiddenValue(x)) {
        notes.push(`variable ${String(x.key)} not created: GitLab does not return a hidden variable's value, so the snapshot has none; create it by hand with its value`);
        continue;
      }
      await createItem(api, { path: fullPath, group: false }, file, x);
    }
  }
  for (const i of list('issues.json')) {
    const by = (x: J) => `_Originally by @${String((x.author as J | undefined)?.username)} on ${String(x.created_at)}._\n\n`;
    const issue = (await api.Issues.create(fullPath, String(i.title), { description: quietMentions(`${by(i)}${String(i.description ?? '')}`), labels: ((i.labels as string[] | undefined) ?? []).join(',') } as never)) as unknown as J;
    for (const n of (Array.isArray(i.notes) ? (i.notes as J[]) : []).filter((x) => !x.system)) await api.IssueNotes.create(fullPath, Number(issue.iid), quietMentions(`${by(n)}${String(n.body ?? '')}`));
    if (i.state === 'closed') await api.Issues.edit(fullPath, Number(issue.iid), { stateEvent: 'close' } as never);
  }
  if (settings.archived) await api.Projects.archive(fullPath);
  return notes;
}

export const pushRuleInput = (r: J): J => writtenBody(r, PUSH_RULE_KEYS, 'push rule');
