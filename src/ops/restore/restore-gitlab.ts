import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../snapshot-ref.js';
import { restoreGit } from './restore-git.js';
import { gitlabChanges, type GitlabChange } from '../../sources/gitlab/changes.js';
import { instanceUrl, snapshotGitlabLocator } from '../../sources/gitlab/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/gitlab/live.js';
import { gitlabClient } from '../../sources/gitlab/client.js';
import { applyStep, canRestore, type RestoreStep } from '../../sources/gitlab/restore-actions.js';
import { PROJECT_CANNOT } from '../../sources/gitlab/restore-project.js';
import { gitRecordName } from '../../sources/gitlab/backup-gitlab.js';
import { BulkheadError } from '../../util/errors.js';

export interface GitlabRestorePlan {
  snapshot: string;
  source: string;
  /** The group's (or project's) full path. */
  path: string;
  /** What will be put back, one change each. */
  steps: RestoreStep[];
  /** Changes found that this restore cannot undo (tokens, runners, added things, issues…), with why. */
  notRestorable: GitlabChange[];
  /** The operator types this to confirm: the group's full path. */
  confirm: string;
}

export interface GitlabRestoreResult {
  plan: GitlabRestorePlan;
  done: { change: GitlabChange; verified: boolean; error?: string }[];
  /** Differences that remain after the restore, read back from GitLab. */
  remaining: GitlabChange[];
}

const matches = (c: GitlabChange, only: string[]) => only.length === 0 || only.some((o) => o === c.scope || o === `${c.scope}:${c.target ?? ''}` || o === `${c.scope}:${c.type}:${c.target ?? ''}`);

function describe(c: GitlabChange): RestoreStep {
  const at = `${c.scope}${c.target ? ` ${c.target}` : ''}`;
  if (c.type === 'project-deleted') return { change: c, does: `recreate ${c.scope}: settings, git data (every ref), protected branches and tags, push rule, approval rules, variables with their values, environments, deploy keys, schedules, hooks, members, labels, milestones, releases, issues and notes`, cannot: PROJECT_CANNOT };
  if (c.type === 'project-marked-for-deletion') return { change: c, does: `cancel the pending deletion of ${c.scope} (GitLab keeps everything until then)` };
  if (c.type === 'project-archived') return { change: c, does: `unarchive ${c.scope}` };
  return { change: c, does: `put back ${c.type.replace(/-(deleted|removed|changed|unprotected)$/, '')} ${at} as in the snapshot`, ...(c.note && { cannot: c.note }) };
}

/** What a restore of a GitLab source would do: the snapshot's documents against GitLab now (read with the operator's token). */
export async function planGitlabRestore(args: { reader: VaultReader; snapshot: string; name: string; token: string; only?: string[] }): Promise<{ plan: GitlabRestorePlan; docs: Map<string, unknown> }> {
  const snap = await snapshotFor(args.reader, args.snapshot);
  const rec = snap.manifest.sources.find((s) => s.name === args.name && s.kind === 'gitlab');
  if (!rec) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id} has no GitLab source named "${args.name}"; "bulkhead snapshots" lists its sources`);
  const loc = snapshotGitlabLocator(rec.locator, false); // the operator's token goes only where this machine trusts
  const docs = await readDocuments(args.reader, rec.root);
  const changes = gitlabChanges(docs, await liveDocuments(loc, args.token)).filter((c) => matches(c, args.only ?? []));
  const steps = changes.filter(canRestore).map(describe);
  const notRestorable = changes.filter((c) => !steps.some((s) => s.change === c));
  return { plan: { snapshot: snap.id, source: args.name, path: loc.path, steps, notRestorable, confirm: loc.path }, docs };
}

/**
 * Applies a plan with the operator's token (never stored), then reads GitLab back: a step is
 * verified when its change is gone; whatever still differs is returned.
 */
export async function applyGitlabRestore(args: { reader: VaultReader; plan: GitlabRestorePlan; docs: Map<string, unknown>; token: string; confirm: string }): Promise<GitlabRestoreResult> {
  const { plan, docs, token } = args;
  if (args.confirm !== plan.confirm) throw new BulkheadError('USAGE', `type the group's full path to confirm: --confirm ${plan.confirm}`);
  const snap = await snapshotFor(args.reader, plan.snapshot);
  const loc = snapshotGitlabLocator(snap.manifest.sources.find((s) => s.name === plan.source)!.locator, false);
  const { api } = await gitlabClient({ host: instanceUrl(loc), token });
  const pushGit = async (fullPath: string, url: string) => {
    await restoreGit({ reader: args.reader, snapshot: plan.snapshot, name: gitRecordName(fullPath), target: url, refs: [], force: false });
  };
  const errors = new Map<RestoreStep, string>();
  for (const step of plan.steps) {
    await applyStep(api, docs, step, pushGit).catch((e: unknown) => errors.set(step, e instanceof Error ? e.message : String(e)));
  }
  const remaining = gitlabChanges(docs, await liveDocuments(loc, token));
  const still = (c: GitlabChange) => remaining.some((r) => r.scope === c.scope && r.type === c.type && r.target === c.target);
  const done = plan.steps.map((s) => ({ change: s.change, verified: !errors.has(s) && !still(s.change), ...(errors.has(s) && { error: errors.get(s)! }) }));
  return { plan, done, remaining };
}
