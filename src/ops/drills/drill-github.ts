import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { apiBase, parseGithubLocator, type GithubLocator } from '../../sources/github/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/github/live.js';
import { githubClient } from '../../sources/github/client.js';
import { githubChanges } from '../../sources/github/changes.js';
import { restoreRepository } from '../../sources/github/restore-repo.js';
import { gitRecordName } from '../../sources/github/backup-github.js';
import { BulkheadError } from '../../util/errors.js';
import { restoreGit } from '../restore/restore-git.js';
import type { ForgeSandbox } from './sandbox.js';
import type { DrillStep, StepOf } from './drill-step.js';
import { DEFAULT_MAX_WRITES, holdBackPastWrites } from '../restore/forge-write-budget.js';
import { githubWrites } from '../../sources/github/write-count.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/**
 * What a drill does not recreate in a scratch organisation, and why: each would reach outside the
 * sandbox or names what exists only in the production organisation.
 */
const LEFT_OUT: Record<string, string> = {
  'collaborators.json': 'collaborators (an invitation would reach real people)',
  'teams.json': 'team access (teams belong to the production organisation)',
  'webhooks.json': 'webhooks (they would call production endpoints)',
  'deploy-keys.json': 'deploy keys (GitHub refuses a key already in use on the production repository)',
};
const ORG_LEVEL = 'organisation members, teams, variables, secrets, rulesets and webhooks (Bulkhead does not recreate them)';

/**
 * The snapshot's documents moved from `owner` to the sandbox account, without what a drill leaves
 * out: environment reviewers and branch restrictions (push, review dismissal, review bypass) name production users and teams.
 */
export function sandboxDocuments(docs: Docs, owner: string, sandbox: string): Docs {
  const out: Docs = new Map();
  for (const [path, value] of docs) {
    const [first, repo, file] = path.split('/');
    if (first !== owner || !repo || repo === '_org' || !file || path.split('/').length !== 3 || LEFT_OUT[file]) continue;
    let v = value;
    if (file === 'environments.json' && Array.isArray(v)) v = (v as J[]).map((e) => ({ ...e, protection_rules: ((e.protection_rules as J[] | undefined) ?? []).filter((r) => r.type !== 'required_reviewers') }));
    // Private whatever the snapshot records: its writer could record a private repository as public, and a drill must not publish it.
    if (file === 'repository.json' && v && typeof v === 'object') v = { ...(v as J), private: true, visibility: 'private' };
    if (file === 'branch-protections.json' && v && typeof v === 'object') v = Object.fromEntries(Object.entries(v as Record<string, J>).map(([b, p]) => [b, withoutRestrictions(p)]));
    out.set(`${sandbox}/${repo}/${file}`, v);
  }
  return out;
}

/** Push restrictions, and who may dismiss or bypass reviews: each names production users, teams and apps. */
function withoutRestrictions(p: J): J {
  const out = Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'restrictions'));
  const reviews = out.required_pull_request_reviews as J | null | undefined;
  if (reviews && typeof reviews === 'object') out.required_pull_request_reviews = Object.fromEntries(Object.entries(reviews).filter(([k]) => k !== 'dismissal_restrictions' && k !== 'bypass_pull_request_allowances'));
  return out;
}

/**
 * A GitHub source's drill: every repository of the snapshot is recreated in an empty scratch
 * organisation (settings, git data, protections, environments, variables, labels, milestones,
 * releases, issues), then the organisation is read back and compared with the snapshot. Each
 * repository's Actions are disabled before its git data is pushed: a drill never runs a workflow.
 */
export async function drillGithub(reader: VaultReader, snap: SnapshotInfo, record: SourceRecord, sandbox: ForgeSandbox | undefined, step: StepOf): Promise<DrillStep> {
  if (!sandbox) throw new BulkheadError('USAGE', 'a GitHub drill restores into a scratch organisation: name it with --sandbox-org (and --sandbox-url for GitHub Enterprise), and put an owner token for it in the variable --sandbox-token-env names');
  const loc = parseGithubLocator(record.locator);
  const target: GithubLocator = { owner: sandbox.owner, ...(sandbox.url && { url: sandbox.url }), forks: true, tokenEnv: '' };
  if (target.owner.toLowerCase() === loc.owner.toLowerCase() && apiBase(target) === apiBase(loc)) {
    throw new BulkheadError('USAGE', `the sandbox organisation is ${loc.owner} itself; a drill never restores into production: name a scratch organisation`);
  }
  const docs = sandboxDocuments(await readDocuments(reader, record.root), loc.owner, sandbox.owner);
  const before = await liveDocuments(target, sandbox.token);
  const present = githubChanges(sandbox.owner, new Map(), before).length;
  if (present > 0) throw new BulkheadError('TARGET_NOT_EMPTY', `the sandbox organisation ${sandbox.owner} is not empty (${present} repositories); a drill restores only into an empty one`);
  const changes = githubChanges(sandbox.owner, docs, before);
  // The documents are the snapshot writer's word: a repository "with 1,000,000 comments" is not posted into the sandbox with the operator's token (red team 7).
  const { steps: admitted, held } = holdBackPastWrites(changes.filter((c) => c.type === 'repo-deleted').map((change) => ({ change })), DEFAULT_MAX_WRITES, (c) => githubWrites(c, docs));
  const repos = admitted.map((s) => s.change.scope.split('/')[1]!);
  const { octokit } = await githubClient({ baseUrl: apiBase(target), token: sandbox.token, writeIntervalMs: sandbox.writeIntervalMs ?? 1000 });
  const errors: string[] = held.map((c) => `${c.scope.split('/')[1]!}: not drilled: ${String(c.note)}`);
  let refs = 0;
  for (const repo of repos) {
    const pushGit = async (name: string, url: string) => {
      // Before any git data lands: a pushed workflow must never run in the sandbox (deploy jobs, with the restored variables).
      await octokit.request('PUT /repos/{owner}/{repo}/actions/permissions', { owner: sandbox.owner, repo: name, enabled: false });
      // Actions are off in it (above): every ref lands as a restore's would, its workflows inert.
      const r = await restoreGit({ reader, snapshot: snap.id, name: gitRecordName(loc.owner, name), target: url, refs: [], force: false, allowPipelineChanges: true });
      refs += Object.keys(r.refs).length;
    };
    await restoreRepository(octokit, docs, sandbox.owner, repo, pushGit).catch((e: unknown) => errors.push(`${repo}: ${e instanceof Error ? e.message : String(e)}`));
  }
  // Read back: what Bulkhead restores must now equal the snapshot; the rest is said, not failed.
  // Actions stay disabled in the sandbox (above), so its Actions permissions are not the snapshot's: not drilled, not a failure.
  const remaining = githubChanges(sandbox.owner, docs, await liveDocuments(target, sandbox.token)).filter((c) => !c.type.startsWith('actions-permissions-'));
  const wrong = remaining.filter((c) => c.restorable);
  const asWas = remaining.filter((c) => !c.restorable);
  const notDrilled = `not drilled: ${[ORG_LEVEL, ...Object.values(LEFT_OUT), 'environment reviewers and branch push restrictions', 'visibility (every sandbox repository is private)', 'Actions permissions (Actions stay disabled in the sandbox)', 'wikis'].join('; ')}`;
  const cannot = asWas.length ? `; ${asWas.length} differences Bulkhead cannot restore as they were (${[...new Set(asWas.map((c) => c.type))].join(', ')})` : '';
  if (errors.length || wrong.length) {
    const why = [...errors, ...wrong.slice(0, 5).map((c) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.fields ? ` (${c.fields.join(', ')})` : ''}`)];
    return step(false, `${repos.length} repositories restored into ${sandbox.owner}, but ${errors.length + wrong.length} did not read back as in the snapshot: ${why.join('; ')}`, record.stats.bytes, repos.length);
  }
  return step(true, `${repos.length} repositories recreated in ${sandbox.owner} and read back equal to the snapshot (settings, protections, environments, variables, labels, milestones, releases); ${refs} git refs pushed and verified, with Actions disabled first so no workflow ran${cannot}; ${notDrilled}`, record.stats.bytes, repos.length);
}
