import type { VaultReader } from '../../vault/reader.js';
import { restoreGit } from './restore-git.js';
import { gitlabChanges, type GitlabChange } from '../../sources/gitlab/changes.js';
import { instanceUrl, snapshotGitlabLocator } from '../../sources/gitlab/locator.js';
import { liveDocuments } from '../../sources/gitlab/live.js';
import { gitlabClient } from '../../sources/gitlab/client.js';
import { applyStep, byHand, type RestoreStep } from '../../sources/gitlab/restore-actions.js';
import { PROJECT_CANNOT } from '../../sources/gitlab/restore-project.js';
import { gitRecordName } from '../../sources/gitlab/backup-gitlab.js';
import { gitlabAccessGranted, gitlabLowering } from '../../sources/gitlab/lowering.js';
import { eachStep, forgeSource, holdBackLowering, plannedLocator, runForgeRestore, selectedBy, withLowering, withoutGrants, type ForgePlanRequest, type ForgeRestore, type ForgeRestorePlan, type ForgeRestoreResult, type ForgeRunArgs } from './forge-restore.js';
import { GITLAB_WORDS } from './forge-words.js';
import { requirePipelineStepConsent, withRecreatedPipelines } from './forge-pipelines.js';
import { deliberateWord } from './confirm-word.js';
import { gitlabSteering } from '../../sources/forge/steering.js';
import { DEFAULT_MAX_WRITES, holdBackPastWrites } from './forge-write-budget.js';
import { gitlabWrites } from '../../sources/gitlab/write-count.js';

export interface GitlabRestorePlan extends ForgeRestorePlan<GitlabChange> {
  /** The group's (or project's) full path. */
  path: string;
  /** What will be put back, one change each. */
  steps: RestoreStep[];
  /** Changes found that this restore cannot undo (tokens, runners, added things, issues…), with why. */
  notRestorable: GitlabChange[];
  /** The operator types this to confirm: the group's full path. */
  confirm: string;
}

export type GitlabRestoreResult = ForgeRestoreResult<GitlabChange, GitlabRestorePlan>;

function describe(c: GitlabChange, docs: Map<string, unknown>): RestoreStep {
  const at = `${c.scope}${c.target ? ` ${c.target}` : ''}`;
  // Recreated private whatever the snapshot says (its writer's word; a public one publishes the code): its visibility is a step of its own.
  const visibility = (docs.get(c.path) as { visibility?: unknown } | undefined)?.visibility;
  const later = visibility === 'public' || visibility === 'internal' ? ` (the snapshot records it ${String(visibility).toUpperCase()}: made so only by its own step, held back until named: --only ${c.scope}:settings-changed:)` : '';
  if (c.type === 'project-deleted') return { change: c, does: `recreate ${c.scope} as a PRIVATE project${later}: settings, git data (every ref), protected branches and tags, push rule, approval rules, variables with their values, environments, deploy keys, schedules, hooks, members, labels, milestones, releases, issues and notes`, cannot: PROJECT_CANNOT };
  if (c.type === 'project-marked-for-deletion') return { change: c, does: `cancel the pending deletion of ${c.scope} (GitLab keeps everything until then)` };
  if (c.type === 'ci-settings-weakened' || c.type === 'ci-settings-changed') return { change: c, does: `set ${c.scope}'s CI/CD settings back as in the snapshot: ${(c.fields ?? []).join(', ')} (since the snapshot: ${c.note ?? 'changed'})` };
  if (c.type === 'project-archived') return { change: c, does: `unarchive ${c.scope}` };
  if (c.type === 'protected-branch-changed') return { change: c, does: `put back the protection of branch ${at} as in the snapshot, edited in place (it stays protected); where GitLab does not edit its access lists in place (GitLab Free), it is unprotected and protected again: between the two calls the branch is UNPROTECTED, and if the second fails it stays so (the step fails, naming it)` };
  if (c.type === 'protected-tag-changed') return { change: c, does: `put back the protection of tag ${at} as in the snapshot: GitLab has no call that edits a protected tag, so it is unprotected and protected again: between the two calls the tag is UNPROTECTED, and if the second fails it stays so (the step fails, naming it)` };
  return { change: c, does: `put back ${c.type.replace(/-(deleted|removed|changed|unprotected)$/, '')} ${at} as in the snapshot`, ...(c.note && { cannot: c.note }) };
}

/** A recreated project the snapshot records public or internal: its visibility, a step of its own after it (held back until named). */
function visibilitySteps(found: GitlabChange[], docs: Map<string, unknown>): GitlabChange[] {
  return found.flatMap((c) => {
    const v = (docs.get(c.path) as { visibility?: unknown } | undefined)?.visibility;
    const visible: GitlabChange = { type: 'settings-changed', scope: c.scope, path: c.path, fields: ['visibility'], restorable: true };
    return c.type === 'project-deleted' && (v === 'public' || v === 'internal') ? [c, visible] : [c];
  });
}

/** Where the plan's source was backed up from, as this machine trusts it (the operator's token goes only there). */
async function locatorOf(reader: VaultReader, plan: GitlabRestorePlan) {
  return snapshotGitlabLocator(await plannedLocator(reader, plan), false);
}

/** A GitLab group's (or project's) context put back into GitLab: the kinds registry's entry for `gitlab` sources. */
export const gitlabRestore: ForgeRestore<GitlabChange, GitlabRestorePlan> = {
  kind: 'gitlab',
  words: GITLAB_WORDS,
  account: (plan) => plan.path,

  /** The snapshot's documents against GitLab now (read with the operator's token). */
  async plan(args) {
    const { snap, locator, docs } = await forgeSource(args, 'gitlab', 'GitLab');
    const loc = snapshotGitlabLocator(locator, false); // the operator's token goes only where this machine trusts
    const live = await liveDocuments(loc, args.token);
    const found = visibilitySteps(gitlabChanges(docs, live).filter((c) => selectedBy(c, args.only ?? [])), docs);
    // The documents list projects and groups by full path, and their writer chose those: only what is
    // inside the group this source backs up (the one the operator confirms) is written to.
    const base = loc.path.toLowerCase(); // GitLab's paths are case-insensitive
    const inside = (c: GitlabChange) => c.scope.toLowerCase() === base || c.scope.toLowerCase().startsWith(`${base}/`);
    const outside = found.filter((c) => !inside(c)).map((c) => ({ ...c, restorable: false, note: `${c.scope} is outside ${loc.path}, which this source backs up: its snapshot's writer listed it there, and nothing is written outside the group confirmed` }));
    // Never called restorable when the run will not write it (named or not): said what to do by hand instead.
    const unwritable = (c: GitlabChange) => c.restorable && byHand(c, docs) !== undefined;
    const manual = found.filter((c) => inside(c) && unwritable(c)).map((c) => ({ ...c, restorable: false, note: byHand(c, docs) }));
    const { put, held } = holdBackLowering(found.filter((c) => inside(c) && !unwritable(c)), args.only ?? [], (c) => gitlabLowering(c, docs, live), (c) => gitlabAccessGranted(c, docs), (c) => c.type === 'project-deleted', (c) => gitlabSteering(c, docs));
    const described = put.filter((p) => p.change.restorable).map((p) => (p.withoutGrants ? withoutGrants(describe(p.change, docs), p.grants) : withLowering(describe(p.change, docs), p.lowers, p.grants, p.steers)));
    const pipelined = await withRecreatedPipelines(args.reader, snap.id, described, (s) => (s.change.type === 'project-deleted' ? gitRecordName(s.change.scope) : undefined));
    const { steps, held: past, total: writes } = holdBackPastWrites(pipelined, args.maxWrites ?? DEFAULT_MAX_WRITES, (c) => gitlabWrites(c, docs));
    const notRestorable = [...put.map((p) => p.change).filter((c) => !pipelined.some((s) => s.change === c)), ...manual, ...past, ...held, ...outside];
    return { plan: { snapshot: snap.id, source: args.name, path: loc.path, steps, notRestorable, writes, confirm: deliberateWord(loc.path, snap.id.slice(0, 8)) }, docs };
  },

  async apply({ reader, plan, docs, token, allowPipelineChanges }) {
    const { api } = await gitlabClient({ host: instanceUrl(await locatorOf(reader, plan)), token });
    const pushGit = async (fullPath: string, url: string) => {
      await restoreGit({ reader, snapshot: plan.snapshot, name: gitRecordName(fullPath), target: url, refs: [], force: false, allowPipelineChanges: !!allowPipelineChanges });
    };
    return eachStep(plan.steps, async (step) => {
      requirePipelineStepConsent(step, !!allowPipelineChanges); // before the project is created
      return applyStep(api, docs, step, pushGit);
    });
  },

  async verify({ reader, plan, docs, token }) {
    return gitlabChanges(docs, await liveDocuments(await locatorOf(reader, plan), token));
  },
};

/** What a restore of a GitLab source would do: the snapshot's documents against GitLab now (read with the operator's token). */
export const planGitlabRestore = (args: ForgePlanRequest) => gitlabRestore.plan(args);

/**
 * Applies a plan with the operator's token (never stored), then reads GitLab back: a step is
 * verified when its change is gone; whatever still differs is returned.
 */
export const applyGitlabRestore = (args: ForgeRunArgs<GitlabRestorePlan> & { confirm: string }): Promise<GitlabRestoreResult> => runForgeRestore(gitlabRestore, args);
