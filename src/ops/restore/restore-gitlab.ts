import type { VaultReader } from '../../vault/reader.js';
import { restoreGit } from './restore-git.js';
import { gitlabChanges, type GitlabChange } from '../../sources/gitlab/changes.js';
import { instanceUrl, snapshotGitlabLocator } from '../../sources/gitlab/locator.js';
import { liveDocuments } from '../../sources/gitlab/live.js';
import { gitlabClient } from '../../sources/gitlab/client.js';
import { applyStep, canRestore, type RestoreStep } from '../../sources/gitlab/restore-actions.js';
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
  // Said, as the snapshot's writer chose it (as GitHub's plan does): a private project recreated public or internal would publish its code.
  const visibility = (docs.get(c.path) as { visibility?: unknown } | undefined)?.visibility;
  const visible = visibility === 'public' ? ' as a PUBLIC project' : visibility === 'internal' ? ' as an INTERNAL project (every signed-in user of the instance can read it)' : '';
  if (c.type === 'project-deleted') return { change: c, does: `recreate ${c.scope}${visible}: settings, git data (every ref), protected branches and tags, push rule, approval rules, variables with their values, environments, deploy keys, schedules, hooks, members, labels, milestones, releases, issues and notes`, cannot: PROJECT_CANNOT };
  if (c.type === 'project-marked-for-deletion') return { change: c, does: `cancel the pending deletion of ${c.scope} (GitLab keeps everything until then)` };
  if (c.type === 'project-archived') return { change: c, does: `unarchive ${c.scope}` };
  return { change: c, does: `put back ${c.type.replace(/-(deleted|removed|changed|unprotected)$/, '')} ${at} as in the snapshot`, ...(c.note && { cannot: c.note }) };
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
    const found = gitlabChanges(docs, live).filter((c) => selectedBy(c, args.only ?? []));
    // The documents list projects and groups by full path, and their writer chose those: only what is
    // inside the group this source backs up (the one the operator confirms) is written to.
    const base = loc.path.toLowerCase(); // GitLab's paths are case-insensitive
    const inside = (c: GitlabChange) => c.scope.toLowerCase() === base || c.scope.toLowerCase().startsWith(`${base}/`);
    const outside = found.filter((c) => !inside(c)).map((c) => ({ ...c, restorable: false, note: `${c.scope} is outside ${loc.path}, which this source backs up: its snapshot's writer listed it there, and nothing is written outside the group confirmed` }));
    const { put, held } = holdBackLowering(found.filter(inside), args.only ?? [], (c) => gitlabLowering(c, docs, live), (c) => gitlabAccessGranted(c, docs), (c) => c.type === 'project-deleted', (c) => gitlabSteering(c, docs));
    const described = put.filter((p) => canRestore(p.change)).map((p) => (p.withoutGrants ? withoutGrants(describe(p.change, docs), p.grants) : withLowering(describe(p.change, docs), p.lowers, p.grants, p.steers)));
    const pipelined = await withRecreatedPipelines(args.reader, snap.id, described, (s) => (s.change.type === 'project-deleted' ? gitRecordName(s.change.scope) : undefined));
    const { steps, held: past, total: writes } = holdBackPastWrites(pipelined, args.maxWrites ?? DEFAULT_MAX_WRITES, (c) => gitlabWrites(c, docs));
    const notRestorable = [...put.map((p) => p.change).filter((c) => !pipelined.some((s) => s.change === c)), ...past, ...held, ...outside];
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
