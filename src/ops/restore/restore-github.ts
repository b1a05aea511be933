import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../snapshot-ref.js';
import { restoreGit } from './restore-git.js';
import { githubChanges, type GithubChange } from '../../sources/github/changes.js';
import { apiBase, snapshotGithubLocator } from '../../sources/github/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/github/live.js';
import { githubClient } from '../../sources/github/client.js';
import { applyStep, type RestoreStep } from '../../sources/github/restore-actions.js';
import { REPO_CANNOT } from '../../sources/github/restore-repo.js';
import { gitRecordName } from '../../sources/github/backup-github.js';
import { BulkheadError } from '../../util/errors.js';

export interface GithubRestorePlan {
  snapshot: string;
  source: string;
  owner: string;
  /** What will be put back, one change each. */
  steps: RestoreStep[];
  /** Changes found that this restore cannot undo (secrets, added things, rulesets…), with why. */
  notRestorable: GithubChange[];
  /** The operator types this to confirm (the account's name, as GitHub asks before deleting). */
  confirm: string;
}

export interface GithubRestoreResult {
  plan: GithubRestorePlan;
  done: { change: GithubChange; verified: boolean; error?: string; notes?: string[] }[];
  /** Differences that remain after the restore, read back from GitHub. */
  remaining: GithubChange[];
}

const matches = (c: GithubChange, only: string[]) => only.length === 0 || only.some((o) => o === c.scope || o === `${c.scope}:${c.target ?? ''}` || o === `${c.scope}:${c.type}:${c.target ?? ''}`);

function describe(c: GithubChange): RestoreStep {
  const at = `${c.scope}${c.target ? ` ${c.target}` : ''}`;
  if (c.type === 'repo-deleted') return { change: c, does: `recreate ${c.scope}: settings, git data (every ref), protections, rulesets, environments, variables, labels, milestones, webhooks, deploy keys, collaborators, team access, releases with their assets, issues and pull requests with comments and reviews`, cannot: REPO_CANNOT };
  if (c.type === 'org-settings-changed') return { change: c, does: `set ${c.scope}'s organisation settings back: ${(c.fields ?? []).join(', ')}`, ...(c.note && { cannot: c.note }) };
  if (c.type === 'release-changed' && c.fields?.includes('assets')) return { change: c, does: `put back release ${at} as in the snapshot, uploading the assets it lost from the snapshot's bytes` };
  if (c.type === 'repo-archived') return { change: c, does: `unarchive ${c.scope}` };
  if (c.type === 'settings-changed') return { change: c, does: `set ${c.scope}'s settings back: ${(c.fields ?? []).join(', ')}` };
  if (c.type === 'member-removed') return { change: c, does: `invite @${c.target!} to ${c.scope} again, with their role`, cannot: 'an invitation, not a membership: they are a member once they accept it' };
  if (c.type === 'member-changed') return { change: c, does: `give @${c.target!} their role in ${c.scope} back` };
  if (c.type === 'team-deleted') return { change: c, does: `recreate team ${c.target!} of ${c.scope} with its members and its permission on each repository that had it`, ...(c.note && { cannot: c.note }) };
  if (c.type === 'team-changed') return { change: c, does: `set team ${c.target!} of ${c.scope} back: ${(c.fields ?? []).join(', ')}${c.fields?.includes('members') ? ' (members exactly as in the snapshot: missing ones added, others taken out)' : ''}` };
  const noun = c.type.replace(/-(removed|weakened|changed|deleted)$/, '');
  return { change: c, does: `put back ${noun} ${at} as in the snapshot`, ...(c.note && { cannot: c.note }) };
}

/** What a restore of a GitHub source would do: the snapshot's documents against GitHub now (read with the operator's token). */
export async function planGithubRestore(args: { reader: VaultReader; snapshot: string; name: string; token: string; only?: string[] }): Promise<{ plan: GithubRestorePlan; docs: Map<string, unknown> }> {
  const snap = await snapshotFor(args.reader, args.snapshot);
  const rec = snap.manifest.sources.find((s) => s.name === args.name && s.kind === 'github');
  if (!rec) throw new BulkheadError('NOT_FOUND', `snapshot ${snap.id} has no GitHub source named "${args.name}"; "bulkhead snapshots" lists its sources`);
  const loc = snapshotGithubLocator(rec.locator, false); // the operator's token goes only where this machine trusts
  const docs = await readDocuments(args.reader, rec.root);
  const changes = githubChanges(loc.owner, docs, await liveDocuments(loc, args.token)).filter((c) => matches(c, args.only ?? []));
  // An org variable visible to selected repositories selects them by id: after any recreated repository exists.
  const late = (c: GithubChange) => (!c.scope.includes('/') && c.type.startsWith('variable-') ? 1 : 0);
  const steps = changes.filter((c) => c.restorable && c.type !== 'repo-unarchived').sort((a, b) => late(a) - late(b)).map(describe);
  const notRestorable = changes.filter((c) => !steps.some((s) => s.change === c));
  return { plan: { snapshot: snap.id, source: args.name, owner: loc.owner, steps, notRestorable, confirm: loc.owner }, docs };
}

/**
 * Applies a plan with the operator's token (never stored), then reads GitHub back: a step is
 * verified when its change is gone; whatever still differs is returned.
 */
export async function applyGithubRestore(args: { reader: VaultReader; plan: GithubRestorePlan; docs: Map<string, unknown>; token: string; confirm: string; writeIntervalMs?: number }): Promise<GithubRestoreResult> {
  const { plan, docs, token } = args;
  if (args.confirm !== plan.confirm) throw new BulkheadError('USAGE', `type the account's name to confirm: --confirm ${plan.confirm}`);
  const snap = await snapshotFor(args.reader, plan.snapshot);
  const loc = snapshotGithubLocator(snap.manifest.sources.find((s) => s.name === plan.source)!.locator, false);
  const { octokit } = await githubClient({ baseUrl: apiBase(loc), token, writeIntervalMs: args.writeIntervalMs ?? 1000 });
  const pushGit = async (repo: string, url: string) => {
    await restoreGit({ reader: args.reader, snapshot: plan.snapshot, name: gitRecordName(plan.owner, repo), target: url, refs: [], force: false });
  };
  const errors = new Map<RestoreStep, string>();
  const notes = new Map<RestoreStep, string[]>();
  for (const step of plan.steps) {
    await applyStep(octokit, docs, step, pushGit).then(
      (said) => said.length > 0 && notes.set(step, said),
      (e: unknown) => errors.set(step, e instanceof Error ? e.message : String(e)),
    );
  }
  const remaining = githubChanges(plan.owner, docs, await liveDocuments(loc, token));
  const still = (c: GithubChange) => remaining.some((r) => r.scope === c.scope && r.type === c.type && r.target === c.target);
  const done = plan.steps.map((s) => ({ change: s.change, verified: !errors.has(s) && !still(s.change), ...(errors.has(s) && { error: errors.get(s)! }), ...(notes.has(s) && { notes: notes.get(s)! }) }));
  return { plan, done, remaining };
}
