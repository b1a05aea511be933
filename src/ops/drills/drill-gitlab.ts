import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { instanceUrl, parseGitlabLocator, type GitlabLocator } from '../../sources/gitlab/locator.js';
import { readDocuments } from '../../sources/github/read-documents.js';
import { liveDocuments } from '../../sources/gitlab/live.js';
import { gitlabClient } from '../../sources/gitlab/client.js';
import { gitlabChanges } from '../../sources/gitlab/changes.js';
import { applyStep, canRestore } from '../../sources/gitlab/restore-actions.js';
import { gitRecordName } from '../../sources/gitlab/backup-gitlab.js';
import { BulkheadError } from '../../util/errors.js';
import { restoreGit } from '../restore/restore-git.js';
import type { ForgeSandbox } from './sandbox.js';
import type { DrillStep, StepOf } from './drill-step.js';
import { DEFAULT_MAX_WRITES, holdBackPastWrites } from '../restore/forge-write-budget.js';
import { gitlabWrites } from '../../sources/gitlab/write-count.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/** What a drill does not recreate in a scratch group, and why: each would reach outside the sandbox or run something. */
const LEFT_OUT: Record<string, string> = {
  'members.json': 'members (access would reach real people, with the restored variable values)',
  'hooks.json': 'webhooks (they would call production endpoints)',
  'pipeline-schedules.json': 'pipeline schedules (they would run pipelines)',
  'deploy-keys.json': 'deploy keys (in use on the production projects)',
};

/** `path` moved from under `from` to under `to`. */
const moved = (path: string, from: string, to: string) => (path === from ? to : `${to}${path.slice(from.length)}`);

/**
 * The snapshot's documents moved from the group `from` to the sandbox group `to`, without what a
 * drill leaves out, and with CI/CD off and private in every project from its creation: pushing its
 * git data must not start a pipeline (deploy jobs, with the restored variable values) nor publish it.
 */
export function sandboxDocuments(docs: Docs, from: string, to: string): Docs {
  const out: Docs = new Map();
  const under = (p: string) => p === from || p.startsWith(`${from}/`);
  for (const [key, value] of docs) {
    if (key === 'groups.json') out.set(key, (value as J[]).filter((g) => under(String(g.full_path))).map((g) => ({ ...g, full_path: moved(String(g.full_path), from, to) })));
    else if (key === 'projects.json') out.set(key, (value as J[]).filter((p) => under(String(p.path_with_namespace))).map((p) => ({ ...p, path_with_namespace: moved(String(p.path_with_namespace), from, to) })));
    else {
      const m = /^(groups|projects)\/(.+)\/([^/]+)$/.exec(key);
      if (!m || !under(m[2]!) || LEFT_OUT[m[3]!]) continue;
      // Private whatever the snapshot records: its writer could record a private project as public, and a drill must not publish it.
      const v = m[3] === 'project.json' && value && typeof value === 'object' ? { ...(value as J), jobs_enabled: false, visibility: 'private' } : value;
      out.set(`${m[1]}/${moved(m[2]!, from, to)}/${m[3]}`, v);
    }
  }
  return out;
}

const paths = (d: Docs, file: string, field: string) => ((d.get(file) as J[] | undefined) ?? []).map((x) => String(x[field]));

/**
 * A GitLab source's drill: its projects are recreated in an empty scratch group (whose subgroups
 * the operator creates first: Bulkhead does not create groups), with group variables and labels,
 * then the group is read back and compared with the snapshot.
 */
export async function drillGitlab(reader: VaultReader, snap: SnapshotInfo, record: SourceRecord, sandbox: ForgeSandbox | undefined, step: StepOf): Promise<DrillStep> {
  if (!sandbox) throw new BulkheadError('USAGE', 'a GitLab drill restores into a scratch group: name its full path with --sandbox-org (and --sandbox-url for another instance), and put a token for it in the variable --sandbox-token-env names');
  const loc = parseGitlabLocator(record.locator);
  const target: GitlabLocator = { path: sandbox.owner, ...(sandbox.url && { url: sandbox.url }), tokenEnv: '' };
  const original = await readDocuments(reader, record.root);
  // A group source moves as a whole; a one-project source moves from its group.
  const from = paths(original, 'groups.json', 'full_path').includes(loc.path) ? loc.path : loc.path.split('/').slice(0, -1).join('/');
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  if (instanceUrl(target) === instanceUrl(loc) && inside(sandbox.owner.toLowerCase(), from.toLowerCase())) {
    throw new BulkheadError('USAGE', `the sandbox group ${sandbox.owner} is ${from} or inside it; a drill never restores into production: name a scratch group`);
  }
  const docs = sandboxDocuments(original, from, sandbox.owner);
  const before = await liveDocuments(target, sandbox.token);
  const projects = paths(before, 'projects.json', 'path_with_namespace');
  if (projects.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', `the sandbox group ${sandbox.owner} is not empty (${projects.length} projects); a drill restores only into an empty one`);
  const groups = new Set(paths(before, 'groups.json', 'full_path'));
  const missing = paths(docs, 'groups.json', 'full_path').filter((g) => !groups.has(g));
  if (missing.length) throw new BulkheadError('NOT_FOUND', `create ${missing.length === 1 ? 'this group' : 'these groups'} in the sandbox first (Bulkhead does not create groups): ${missing.join(', ')}`);

  const { api } = await gitlabClient({ host: instanceUrl(target), token: sandbox.token });
  // The documents are the snapshot writer's word: a project "with 1,000,000 notes" is not posted into the sandbox with the operator's token (red team 7).
  const { steps, held } = holdBackPastWrites(gitlabChanges(docs, before).filter(canRestore).map((change) => ({ change, does: change.type })), DEFAULT_MAX_WRITES, (c) => gitlabWrites(c, docs));
  let refs = 0;
  const pushGit = async (fullPath: string, url: string) => {
    // CI/CD is off in every sandbox project from its creation (above): every ref lands as a restore's would, inert.
    const r = await restoreGit({ reader, snapshot: snap.id, name: gitRecordName(moved(fullPath, sandbox.owner, from)), target: url, refs: [], force: false, allowPipelineChanges: true });
    refs += Object.keys(r.refs).length;
  };
  const errors: string[] = held.map((c) => `${c.type} ${c.scope}: not drilled: ${String(c.note)}`);
  for (const s of steps) await applyStep(api, docs, s, pushGit).catch((e: unknown) => errors.push(`${s.change.type} ${s.change.scope}: ${e instanceof Error ? e.message : String(e)}`));

  // Read back: what Bulkhead restores must now equal the snapshot; the rest is said, not failed.
  const remaining = gitlabChanges(docs, await liveDocuments(target, sandbox.token));
  const wrong = remaining.filter((c) => c.restorable);
  const asWas = remaining.filter((c) => !c.restorable && c.type !== 'group-deleted');
  const restored = steps.filter((s) => s.change.type === 'project-deleted').length;
  const notDrilled = `not drilled: ${[...Object.values(LEFT_OUT), 'CI/CD (off in every sandbox project, so no pipeline ran)', 'visibility (every sandbox project is private)', 'wikis'].join('; ')}`;
  const cannot = asWas.length ? `; ${asWas.length} differences Bulkhead cannot restore as they were (${[...new Set(asWas.map((c) => c.type))].join(', ')})` : '';
  if (errors.length || wrong.length) {
    const why = [...errors, ...wrong.slice(0, 5).map((c) => `${c.type} ${c.scope}${c.target ? ` ${c.target}` : ''}${c.fields ? ` (${c.fields.join(', ')})` : ''}`)];
    return step(false, `${restored} projects restored into ${sandbox.owner}, but ${errors.length + wrong.length} did not read back as in the snapshot: ${why.join('; ')}`, record.stats.bytes, restored);
  }
  return step(true, `${restored} projects recreated in ${sandbox.owner} and read back equal to the snapshot (settings, protected branches and tags, approval rules, variables with their values, environments, labels, milestones, releases, group variables and labels); ${refs} git refs pushed and verified${cannot}; ${notDrilled}`, record.stats.bytes, restored);
}
