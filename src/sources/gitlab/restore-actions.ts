import type { GitlabApi } from './client.js';
import type { GitlabChange } from './changes.js';
import { GROUP_KINDS, PROJECT_KINDS } from './change-kinds.js';
import { createItem, hiddenValue, variableOptions, WRITABLE } from './restore-items.js';
import { EDITABLE, editItem } from './restore-edits.js';
import { restoreBranchProtection, restoreTagProtection } from './restore-protections.js';
import { projectSettings, pushRuleInput, restoreProject } from './restore-project.js';
import { ciSettingsInput } from './ci-settings.js';
import { writeApprovalRule } from './approval-rule-write.js';

type J = Record<string, unknown>;
export type Docs = Map<string, unknown>;

/** What restoring a change does, in words, and what it cannot bring back as it was. */
export interface RestoreStep {
  change: GitlabChange;
  does: string;
  cannot?: string;
  /** Refs of a recreated project that carry pipelines (said by ops/restore/forge-pipelines.ts). */
  runsCi?: string[];
  /** A recreated project gets no members, deploy keys or hooks: the operator did not name them. */
  withoutGrants?: boolean;
  /** The write calls it makes, at most (ops/restore/forge-write-budget.ts). */
  writes?: number;
}

const fileOf = (c: GitlabChange) => c.path.split('/').at(-1)!;
const kindOf = (c: GitlabChange) => (c.path.startsWith('groups/') ? GROUP_KINDS : PROJECT_KINDS).find((k) => k.file === fileOf(c));
const itemOf = (docs: Docs, c: GitlabChange): J => {
  const kind = kindOf(c)!;
  return ((docs.get(c.path) as J[] | undefined) ?? []).find((x) => kind.key(x) === c.target)!;
};

/** Whether this version can put the change back (the plan offers only these). */
export function canRestore(c: GitlabChange): boolean {
  if (!c.restorable) return false;
  if (['project-deleted', 'project-marked-for-deletion', 'project-archived', 'settings-changed', 'ci-settings-weakened', 'ci-settings-changed', 'push-rule-deleted', 'push-rule-changed'].includes(c.type)) return true;
  const kind = kindOf(c);
  if (!kind || !WRITABLE.has(kind.file)) return false;
  if (c.type === kind.gone) return true;
  // A changed item is edited in place (editItem, variables, a branch protection), or replaced (a tag protection, an approval rule).
  return c.type === `${kind.noun}-changed` && (EDITABLE.has(kind.file) || ['variables.json', 'protected-branches.json', 'protected-tags.json', 'approval-rules.json'].includes(kind.file));
}

/**
 * Why a change the comparison calls restorable is not written, what to do by hand instead, from the
 * snapshot's documents; undefined when the run writes it. A hidden variable's value is not in the
 * snapshot (GitLab never returns it): an empty value is never written over the live one.
 */
export function byHand(c: GitlabChange, docs: Docs): string | undefined {
  if (!canRestore(c)) return c.note ?? `this version has no write call for ${c.type}: put it back by hand as the snapshot's ${fileOf(c)} lists it`;
  if (/^variable-(deleted|changed)$/.test(c.type) && hiddenValue(itemOf(docs, c) ?? {})) {
    return `GitLab does not return a hidden variable's value, so the snapshot has none: set ${c.target ?? ''} of ${c.scope} by hand (Settings > CI/CD > Variables) with its value; Bulkhead never writes an empty value over it`;
  }
  return undefined;
}

/** The API calls that put one change back from the snapshot's documents. */
export async function applyStep(api: GitlabApi, docs: Docs, step: RestoreStep, pushGit: (fullPath: string, url: string) => Promise<void>): Promise<string[] | void> {
  const c = step.change;
  const where = { path: c.scope, group: c.path.startsWith('groups/') };
  switch (c.type) {
    case 'project-deleted':
      return restoreProject(api, docs, c.scope, pushGit, !step.withoutGrants);
    case 'project-marked-for-deletion':
      await api.Projects.restore(c.scope);
      return;
    case 'project-archived':
      await api.Projects.unarchive(c.scope);
      return;
    case 'settings-changed':
      await api.Projects.edit(c.scope, projectSettings(docs.get(c.path) as J) as never);
      return;
    case 'ci-settings-weakened':
    case 'ci-settings-changed':
      await api.Projects.edit(c.scope, ciSettingsInput(docs.get(c.path) as J, c.fields ?? []) as never);
      return;
    case 'push-rule-deleted':
      await api.ProjectPushRules.create(c.scope, pushRuleInput(docs.get(c.path) as J) as never);
      return;
    case 'push-rule-changed':
      await api.ProjectPushRules.edit(c.scope, pushRuleInput(docs.get(c.path) as J) as never);
      return;
    case 'variable-changed': {
      const v = itemOf(docs, c);
      if (hiddenValue(v)) throw new Error(`${c.target ?? ''}: GitLab did not return its value (hidden), so the snapshot has none; set it by hand`);
      const { environmentScope, ...rest } = variableOptions(v);
      await (where.group ? api.GroupVariables : api.ProjectVariables).edit(c.scope, String(v.key), String(v.value ?? ''), { ...rest, filter: { environment_scope: environmentScope } } as never);
      return;
    }
    case 'protected-branch-changed':
      return restoreBranchProtection(api, c.scope, itemOf(docs, c));
    case 'protected-tag-changed':
      return restoreTagProtection(api, c.scope, itemOf(docs, c));
    case 'approval-rule-changed': {
      // Resolved and checked before anything is written, then edited in place (approval-rule-write.ts).
      const live = ((await api.MergeRequestApprovals.allApprovalRules(c.scope)) as unknown as J[]).find((r) => r.name === c.target);
      return writeApprovalRule(api, c.scope, itemOf(docs, c), live);
    }
    default:
      if (c.type.endsWith('-changed') && EDITABLE.has(fileOf(c))) return editItem(api, where, fileOf(c), itemOf(docs, c));
  }
  await createItem(api, where, fileOf(c), itemOf(docs, c));
}
