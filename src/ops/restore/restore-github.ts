import type { VaultReader } from '../../vault/reader.js';
import { restoreGit } from './restore-git.js';
import { githubChanges, type GithubChange } from '../../sources/github/changes.js';
import { apiBase, snapshotGithubLocator } from '../../sources/github/locator.js';
import { liveDocuments } from '../../sources/github/live.js';
import { githubClient } from '../../sources/github/client.js';
import { applyStep, type RestoreStep } from '../../sources/github/restore-actions.js';
import { REPO_CANNOT } from '../../sources/github/restore-repo.js';
import { gitRecordName } from '../../sources/github/backup-github.js';
import { githubAccessRaised, githubLowering } from '../../sources/github/lowering.js';
import { githubSteering } from '../../sources/forge/steering.js';
import { eachStep, forgeSource, holdBackLowering, plannedLocator, runForgeRestore, selectedBy, withLowering, withoutGrants, type ForgePlanRequest, type ForgeRestore, type ForgeRestorePlan, type ForgeRestoreResult, type ForgeRunArgs } from './forge-restore.js';
import { GITHUB_WORDS } from './forge-words.js';
import { requirePipelineStepConsent, withRecreatedPipelines } from './forge-pipelines.js';
import { deliberateWord } from './confirm-word.js';
import { DEFAULT_MAX_WRITES, holdBackPastWrites } from './forge-write-budget.js';
import { githubWrites } from '../../sources/github/write-count.js';

export interface GithubRestorePlan extends ForgeRestorePlan<GithubChange> {
  owner: string;
  /** What will be put back, one change each. */
  steps: RestoreStep[];
  /** Changes found that this restore cannot undo (secrets, added things, rulesets…), with why. */
  notRestorable: GithubChange[];
  /** The operator types this to confirm (the account's name, as GitHub asks before deleting). */
  confirm: string;
}

export type GithubRestoreResult = ForgeRestoreResult<GithubChange, GithubRestorePlan>;

function describe(c: GithubChange, docs: Map<string, unknown>): RestoreStep {
  const at = `${c.scope}${c.target ? ` ${c.target}` : ''}`;
  // Recreated private whatever the snapshot says (its writer's word; a public one publishes the code): its visibility is a step of its own.
  const was = recordedVisibility(docs.get(c.path));
  const later = was ? ` (the snapshot records it ${was.toUpperCase()}: made so only by its own step, held back until named: --only ${c.scope}:settings-changed:)` : '';
  if (c.type === 'repo-deleted') return { change: c, does: `recreate ${c.scope} as a PRIVATE repository${later}: settings, git data (every ref), protections, rulesets, environments, variables, labels, milestones, webhooks, deploy keys, collaborators, team access, releases with their assets, issues and pull requests with comments and reviews`, cannot: REPO_CANNOT };
  if (c.type === 'org-settings-changed') return { change: c, does: `set ${c.scope}'s organisation settings back: ${(c.fields ?? []).join(', ')}`, ...(c.note && { cannot: c.note }) };
  if (c.type === 'release-changed' && c.fields?.includes('assets')) return { change: c, does: `put back release ${at} as in the snapshot, uploading the assets it lost from the snapshot's bytes` };
  if (c.type === 'actions-permissions-weakened' || c.type === 'actions-permissions-changed') return { change: c, does: `set ${c.scope.includes('/') ? c.scope : `organisation ${c.scope}`}'s Actions permissions back as in the snapshot: ${(c.fields ?? []).join(', ')} (since the snapshot: ${c.note ?? 'changed'})` };
  if (c.type === 'repo-archived') return { change: c, does: `unarchive ${c.scope}` };
  if (c.type === 'settings-changed') return { change: c, does: `set ${c.scope}'s settings back: ${(c.fields ?? []).join(', ')}` };
  if (c.type === 'member-removed') return { change: c, does: `invite @${c.target!} to ${c.scope} again, with their role`, cannot: 'an invitation, not a membership: they are a member once they accept it' };
  if (c.type === 'member-changed') return { change: c, does: `give @${c.target!} their role in ${c.scope} back` };
  if (c.type === 'team-deleted') return { change: c, does: `recreate team ${c.target!} of ${c.scope} with its members and its permission on each repository that had it`, ...(c.note && { cannot: c.note }) };
  if (c.type === 'team-changed') return { change: c, does: `set team ${c.target!} of ${c.scope} back: ${(c.fields ?? []).join(', ')}${c.fields?.includes('members') ? ' (members exactly as in the snapshot: missing ones added, others taken out)' : ''}` };
  const noun = c.type.replace(/-(removed|weakened|changed|deleted)$/, '');
  return { change: c, does: `put back ${noun} ${at} as in the snapshot`, ...(c.note && { cannot: c.note }) };
}

/** A repository document's visibility when it is more than private: public, or internal (private on GitHub's side, visible to the enterprise). */
function recordedVisibility(doc: unknown): string | undefined {
  const r = (doc ?? {}) as { private?: unknown; visibility?: unknown };
  return r.private === false ? 'public' : r.visibility === 'internal' ? 'internal' : undefined;
}

/** A recreated repository the snapshot records public or internal: its visibility, a step of its own after it (held back until named). */
function visibilitySteps(found: GithubChange[], docs: Map<string, unknown>): GithubChange[] {
  return found.flatMap((c) => {
    const was = c.type === 'repo-deleted' ? recordedVisibility(docs.get(c.path)) : undefined;
    return was ? [c, { type: 'settings-changed', scope: c.scope, path: c.path, fields: was === 'public' ? ['private', 'visibility'] : ['visibility'], restorable: true }] : [c];
  });
}

/** Where the plan's source was backed up from, as this machine trusts it (the operator's token goes only there). */
async function locatorOf(reader: VaultReader, plan: GithubRestorePlan) {
  return snapshotGithubLocator(await plannedLocator(reader, plan), false);
}

/** A GitHub account's context put back into GitHub: the kinds registry's entry for `github` sources. */
export const githubRestore: ForgeRestore<GithubChange, GithubRestorePlan> = {
  kind: 'github',
  words: GITHUB_WORDS,
  account: (plan) => plan.owner,

  /** The snapshot's documents against GitHub now (read with the operator's token). */
  async plan(args) {
    const { snap, locator, docs } = await forgeSource(args, 'github', 'GitHub');
    const loc = snapshotGithubLocator(locator, false); // the operator's token goes only where this machine trusts
    const live = await liveDocuments(loc, args.token);
    const found = visibilitySteps(githubChanges(loc.owner, docs, live).filter((c) => selectedBy(c, args.only ?? [])), docs);
    const { put, held } = holdBackLowering(found, args.only ?? [], (c) => githubLowering(c, docs, live), (c) => githubAccessRaised(c, docs, live), (c) => c.type === 'repo-deleted', (c) => githubSteering(c, docs, live));
    // An org variable visible to selected repositories selects them by id: after any recreated repository exists.
    const late = (c: GithubChange) => (!c.scope.includes('/') && c.type.startsWith('variable-') ? 1 : 0);
    const described = put.filter(({ change: c }) => c.restorable && c.type !== 'repo-unarchived').sort((a, b) => late(a.change) - late(b.change)).map((p) => (p.withoutGrants ? withoutGrants(describe(p.change, docs), p.grants) : withLowering(describe(p.change, docs), p.lowers, p.grants, p.steers)));
    const pipelined = await withRecreatedPipelines(args.reader, snap.id, described, (s) => (s.change.type === 'repo-deleted' ? gitRecordName(loc.owner, s.change.scope.split('/')[1]!) : undefined));
    const { steps, held: past, total: writes } = holdBackPastWrites(pipelined, args.maxWrites ?? DEFAULT_MAX_WRITES, (c) => githubWrites(c, docs));
    const notRestorable = [...put.map((p) => p.change).filter((c) => !pipelined.some((s) => s.change === c)), ...past, ...held];
    return { plan: { snapshot: snap.id, source: args.name, owner: loc.owner, steps, notRestorable, writes, confirm: deliberateWord(loc.owner, snap.id.slice(0, 8)) }, docs };
  },

  async apply({ reader, plan, docs, token, writeIntervalMs, allowPipelineChanges }) {
    const loc = await locatorOf(reader, plan);
    // Paced to stay under GitHub's secondary rate limits; the tests' emulator sets the pause to 0.
    const pause = writeIntervalMs ?? Number(process.env.BULKHEAD_GITHUB_WRITE_INTERVAL_MS ?? 1000);
    const { octokit } = await githubClient({ baseUrl: apiBase(loc), token, writeIntervalMs: pause });
    const pushGit = async (repo: string, url: string) => {
      await restoreGit({ reader, snapshot: plan.snapshot, name: gitRecordName(plan.owner, repo), target: url, refs: [], force: false, allowPipelineChanges: !!allowPipelineChanges });
    };
    return eachStep(plan.steps, async (step) => {
      requirePipelineStepConsent(step, !!allowPipelineChanges); // before the repository is created
      return applyStep(octokit, docs, step, pushGit);
    });
  },

  async verify({ reader, plan, docs, token }) {
    return githubChanges(plan.owner, docs, await liveDocuments(await locatorOf(reader, plan), token));
  },
};

/** What a restore of a GitHub source would do: the snapshot's documents against GitHub now (read with the operator's token). */
export const planGithubRestore = (args: ForgePlanRequest) => githubRestore.plan(args);

/**
 * Applies a plan with the operator's token (never stored), then reads GitHub back: a step is
 * verified when its change is gone; whatever still differs is returned.
 */
export const applyGithubRestore = (args: ForgeRunArgs<GithubRestorePlan> & { confirm: string }): Promise<GithubRestoreResult> => runForgeRestore(githubRestore, args);
