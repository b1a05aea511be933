import { weakened } from './protection-strength.js';
import { compareComments } from './comment-changes.js';

export type { GithubChange, GithubChangeType } from './change-types.js';
import type { GithubChange, GithubChangeType } from './change-types.js';
import { ORG_KINDS, ORG_SETTINGS, ORG_UNSETTABLE, REPO_KINDS, type Kind } from './kinds.js';
import { pendingInvitations } from './pending.js';
import { actionsPolicyChange } from './actions-policy.js';

export { ORG_SETTINGS } from './kinds.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

const SETTINGS = ['private', 'visibility', 'description', 'default_branch', 'has_issues', 'has_wiki', 'has_projects', 'allow_squash_merge', 'allow_merge_commit', 'allow_rebase_merge', 'delete_branch_on_merge', 'topics'];

const same = (a: unknown, b: unknown) => JSON.stringify(strip(a)) === JSON.stringify(strip(b));
/** GitHub's bookkeeping (ids, node ids, URLs, dates) is left out of comparisons. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  // A restore posts text with its mentions made inert (forge/quiet-mentions.ts): the same text.
  if (typeof v === 'string') return v.replaceAll('@\u200b', '@');
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !/(^|_)(id|url|at)$|^node_id$|^url$|_url$/.test(k)).map(([k, x]) => [k, strip(x)]));
}
const listed = (v: unknown): J[] | undefined => (Array.isArray(v) ? (v as J[]) : undefined);

function compareList(kind: Kind, scope: string, doc: string, before: unknown, after: unknown, out: GithubChange[]): void {
  const a = listed(before);
  const b = listed(after);
  if (!a || !b) return; // unavailable on a side: nothing can be said
  const bm = new Map(b.map((x) => [kind.key(x), x]));
  const am = new Map(a.map((x) => [kind.key(x), x]));
  const deleted = kind.noun === 'collaborator' || kind.noun === 'member' || kind.noun === 'team-access' ? 'removed' : 'deleted';
  const view = kind.view ?? ((x: J) => x);
  const can = (x: J) => (typeof kind.restorable === 'function' ? kind.restorable(x) : { ok: kind.restorable });
  for (const [k, x] of am) {
    const y = bm.get(k);
    const r = can(x);
    const note = r.why ?? kind.deletedNote;
    if (!y) out.push({ type: `${kind.noun}-${deleted}` as GithubChangeType, scope, target: k, path: doc, restorable: r.ok, ...(note && { note }) });
    else {
      const [vx, vy] = [view(x), view(y)];
      const fields = kind.fields.filter((f) => !(kind.partial?.includes(f) && (vx[f] === undefined || vy[f] === undefined)) && !same(vx[f], vy[f]));
      const why = r.why ?? kind.changeKept ?? kind.changedNote;
      if (fields.length > 0) out.push({ type: `${kind.noun}-changed`, scope, target: k, path: doc, fields, restorable: r.ok && !kind.changeKept, ...(why && { note: why }) });
    }
  }
  for (const k of bm.keys()) if (!am.has(k)) out.push({ type: `${kind.noun}-added`, scope, target: k, path: doc, restorable: false });
}

function compareProtections(scope: string, doc: string, before: unknown, after: unknown, out: GithubChange[]): void {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object' || 'unavailable' in before || 'unavailable' in after) return;
  const a = before as Record<string, J>;
  const b = after as Record<string, J>;
  for (const [branch, p] of Object.entries(a)) {
    const q = b[branch];
    if (!q) out.push({ type: 'protection-removed', scope, target: branch, path: doc, restorable: true });
    else {
      const weaker = weakened(p, q);
      if (weaker.length > 0) out.push({ type: 'protection-weakened', scope, target: branch, path: doc, fields: weaker, restorable: true });
      else if (!same(p, q)) out.push({ type: 'protection-changed', scope, target: branch, path: doc, restorable: true });
    }
  }
  for (const branch of Object.keys(b)) if (!a[branch]) out.push({ type: 'protection-added', scope, target: branch, path: doc, restorable: false });
}

function compareOrgSettings(owner: string, before: unknown, after: unknown, out: GithubChange[]): void {
  const [a, b] = [before as J | undefined, after as J | undefined];
  if (!a || !b || 'unavailable' in a || 'unavailable' in b) return;
  // GitHub gives most settings only to an organisation owner's token: one missing on a side is unknown there, not changed.
  const fields = [...ORG_SETTINGS, ...ORG_UNSETTABLE].filter((f) => a[f] !== undefined && b[f] !== undefined && !same(a[f], b[f]));
  if (fields.length === 0) return;
  const unsettable = fields.filter((f) => ORG_UNSETTABLE.includes(f));
  const settable = fields.length > unsettable.length;
  out.push({ type: 'org-settings-changed', scope: owner, path: `${owner}/_org/org.json`, fields, restorable: settable, ...(unsettable.length > 0 && { note: `${unsettable.join(', ')} cannot be set through GitHub's API; set it again in the organisation's settings` }) });
}

/** Every change from `before` to `after` for the account `owner`. */
export function githubChanges(owner: string, before: Docs, after: Docs): GithubChange[] {
  const out: GithubChange[] = [];
  const names = (d: Docs) => new Set(((listed(d.get(`${owner}/_org/repositories.json`)) ?? []) as { name: string }[]).map((r) => r.name).concat(repoNames(owner, d)));
  const was = names(before);
  const is = names(after);
  compareOrgSettings(owner, before.get(`${owner}/_org/org.json`), after.get(`${owner}/_org/org.json`), out);
  for (const kind of ORG_KINDS) compareList(kind, owner, `${owner}/_org/${kind.file}`, before.get(`${owner}/_org/${kind.file}`), after.get(`${owner}/_org/${kind.file}`), out);
  const orgPolicy = `${owner}/_org/actions-permissions.json`;
  out.push(...[actionsPolicyChange(owner, orgPolicy, before.get(orgPolicy), after.get(orgPolicy))].filter((c) => c !== undefined));
  const deletedTeams = new Set(out.filter((c) => c.type === 'team-deleted').map((c) => c.target));
  for (const repo of [...was].sort()) {
    const scope = `${owner}/${repo}`;
    const doc = (d: Docs, f: string) => d.get(`${scope}/${f}`);
    if (!is.has(repo)) {
      out.push({ type: 'repo-deleted', scope, path: `${scope}/repository.json`, restorable: true, note: 'recreated with its git data and context; issue, pull request and comment authors and dates, reviews (said in comments), merged pull requests (closed issues recording the merge), secret values and webhook secrets cannot be restored as they were' });
      continue;
    }
    const ra = doc(before, 'repository.json') as J | undefined;
    const rb = doc(after, 'repository.json') as J | undefined;
    if (ra && rb && !('unavailable' in ra) && !('unavailable' in rb)) {
      if (!ra.archived && rb.archived) out.push({ type: 'repo-archived', scope, path: `${scope}/repository.json`, restorable: true });
      if (ra.archived && !rb.archived) out.push({ type: 'repo-unarchived', scope, path: `${scope}/repository.json`, restorable: true });
      const fields = SETTINGS.filter((f) => !same(ra[f], rb[f]));
      if (fields.length > 0) out.push({ type: 'settings-changed', scope, path: `${scope}/repository.json`, fields, restorable: true });
    }
    compareProtections(scope, `${scope}/branch-protections.json`, doc(before, 'branch-protections.json'), doc(after, 'branch-protections.json'), out);
    const policy = actionsPolicyChange(scope, `${scope}/actions-permissions.json`, doc(before, 'actions-permissions.json'), doc(after, 'actions-permissions.json'));
    if (policy) out.push(policy);
    for (const kind of REPO_KINDS) compareList(kind, scope, `${scope}/${kind.file}`, doc(before, kind.file), doc(after, kind.file), out);
    compareComments(scope, `${scope}/issues.json`, doc(before, 'issues.json'), doc(after, 'issues.json'), out);
  }
  for (const repo of [...is].sort()) if (!was.has(repo)) out.push({ type: 'repo-added', scope: `${owner}/${repo}`, path: `${owner}/${repo}/repository.json`, restorable: false });
  // A deleted team is one change: recreating it puts back its access to every repository.
  return pendingInvitations(owner, before, after, out.filter((c) => !(c.type === 'team-access-removed' && deletedTeams.has(c.target))));
}

function repoNames(owner: string, d: Docs): string[] {
  const out = new Set<string>();
  for (const path of d.keys()) {
    const m = /^[^/]+\/([^/]+)\/repository\.json$/.exec(path);
    if (m && path.startsWith(`${owner}/`)) out.add(m[1]!);
  }
  return [...out];
}
