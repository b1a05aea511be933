import type { GitlabChange } from './changes.js';
import { GROUP_KINDS, PROJECT_KINDS } from './change-kinds.js';
import { ciDifferences, sayCi } from './ci-settings.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/**
 * What putting a change back would lower in the live group: a project made more visible, a
 * protected branch or tag opened to lower roles, fewer approvals, a variable unprotected or
 * unmasked, a push rule relaxed. A snapshot's documents are its writer's word (see
 * github/lowering.ts); empty when the restore keeps or raises every protection it touches.
 */
export function gitlabLowering(c: GitlabChange, snap: Docs, live: Docs): string[] {
  const both = (): [J | undefined, J | undefined] => {
    if (!c.target) return [asDoc(live.get(c.path)), asDoc(snap.get(c.path))];
    const kind = (c.path.startsWith('groups/') ? GROUP_KINDS : PROJECT_KINDS).find((k) => c.path.endsWith(`/${k.file}`));
    const find = (d: Docs) => (kind ? listOf(d.get(c.path)).find((x) => kind.key(x) === c.target) : undefined);
    return [find(live), find(snap)];
  };
  const [now, was] = both();
  // A project recreated private (restore-project.ts): its visibility step opens it from private.
  if (c.type === 'settings-changed' && !now && was && exposure(was) > 0) return [`visibility private → ${String(was.visibility)} (the project is recreated private)`];
  if (!now || !was) return [];
  switch (c.type) {
    case 'settings-changed': {
      const out = exposure(was) > exposure(now) ? [`visibility ${String(now.visibility)} → ${String(was.visibility)}`] : [];
      return out.concat(turnedOff(now, was, ['only_allow_merge_if_pipeline_succeeds']));
    }
    // The snapshot's CI/CD settings letting more run than GitLab's now (public job logs, a config from another project): its writer's word.
    case 'ci-settings-weakened':
    case 'ci-settings-changed':
      return ciDifferences(now, was).filter((d) => d.weaker).map((d) => `CI/CD ${sayCi(d).replace(/ \(weaker\)$/, '')}`);
    case 'protected-branch-changed':
      return [...opened(now, was, ['push_access_levels', 'merge_access_levels', 'unprotect_access_levels']), ...turnedOn(now, was, ['allow_force_push']), ...turnedOff(now, was, ['code_owner_approval_required'])];
    case 'protected-tag-changed':
      return opened(now, was, ['create_access_levels']);
    case 'approval-rule-changed': {
      const fewer = Number(was.approvals_required ?? 0) < Number(now.approvals_required ?? 0) ? [`approvals required ${String(now.approvals_required)} → ${String(was.approvals_required)}`] : [];
      // An approver the live rule lacks is someone else whose approval counts (red team 7: same count, the writer's account).
      const approvers = (r: J) => new Set(listOf(r.users).map((u) => `@${String(u.username)}`).concat(listOf(r.groups).map((g) => `group ${String(g.full_path ?? g.name ?? g.id)}`)));
      const added = [...approvers(was)].filter((a) => !approvers(now).has(a));
      return [...fewer, ...(added.length > 0 ? [`approvers add ${added.join(', ')}`] : [])];
    }
    case 'variable-changed':
      return turnedOff(now, was, ['protected', 'masked']);
    case 'push-rule-changed':
      return turnedOff(now, was, ['prevent_secrets', 'reject_unsigned_commits', 'member_check', 'deny_delete_tag', 'commit_committer_check']);
    default:
      return [];
  }
}

/**
 * Who putting a change back lets in, in words (see github/lowering.ts, githubAccessRaised): said
 * first in the plan's step, since the snapshot's writer could have listed its own account as a
 * maintainer, a deploy key that can push, or a hook to its own server.
 */
export function gitlabAccessGranted(c: GitlabChange, snap: Docs): string[] {
  const list = (file: string) => listOf(snap.get(c.path.replace(/[^/]+$/, file)));
  const role = (x: J) => ROLES[Number(x.access_level)] ?? `level ${String(x.access_level)}`;
  const members = (xs: J[]) => xs.map((x) => `@${String(x.username)} ${role(x)}${x.expires_at ? ` until ${String(x.expires_at)}` : ''}`);
  const keys = (xs: J[]) => xs.map((x) => `deploy key ${String(x.title ?? '')} that can ${x.can_push === true ? 'push' : 'read'}`); // read-only still clones
  const hooks = (xs: J[]) => xs.map((x) => `hook to ${String(x.url)}`);
  const one = (file: string) => list(file).filter((x) => (file === 'members.json' ? String(x.username) : file === 'hooks.json' ? String(x.url) : String(x.key)) === c.target);
  let what: string[] = [];
  if (c.type === 'project-deleted') what = [...members(list('members.json')), ...keys(list('deploy-keys.json')), ...hooks(list('hooks.json'))];
  // An expiry put back later (or taken off) keeps someone in longer: as much a grant as a role.
  else if (c.type === 'member-removed' || (c.type === 'member-changed' && c.fields?.some((f) => f === 'access_level' || f === 'expires_at'))) what = members(one('members.json'));
  else if (c.type === 'deploy-key-changed' && c.fields?.includes('can_push')) what = keys(one('deploy-keys.json'));
  else if (c.type === 'hook-changed') what = hooks(one('hooks.json')).map((h) => `${h} (its events as the snapshot lists them)`);
  else if (c.type === 'deploy-key-deleted') what = keys(one('deploy-keys.json'));
  else if (c.type === 'hook-deleted') what = hooks(one('hooks.json'));
  return what.length === 0 ? [] : [`${c.scope} to ${what.join(', ')}`];
}

const ROLES: Record<number, string> = { 10: 'guest', 20: 'reporter', 30: 'developer', 40: 'maintainer', 50: 'owner' };
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const asDoc = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) && !('unavailable' in v) ? (v as J) : undefined);
const exposure = (p: J) => ['private', 'internal', 'public'].indexOf(String(p.visibility));
const turnedOff = (now: J, was: J, fields: string[]) => fields.filter((f) => now[f] === true && !was[f]).map((f) => `${f} on → off`);
const turnedOn = (now: J, was: J, fields: string[]) => fields.filter((f) => !now[f] && was[f] === true).map((f) => `${f} off → on`);

/** The lowest role a list of access levels lets in (GitLab's 0 is "no one": the highest bar). */
function bar(levels: unknown): number {
  const roles = listOf(levels).map((a) => (a.user_id || a.group_id ? 100 : Number(a.access_level) === 0 ? 100 : Number(a.access_level)));
  return roles.length === 0 ? 100 : Math.min(...roles);
}

/** Access lists that let in more in the snapshot than live: a lower role, or a user or group named only there. */
function opened(now: J, was: J, fields: string[]): string[] {
  const named = (levels: unknown) => new Set(listOf(levels).flatMap((a) => (a.user_id ? [`user ${String(a.user_id)}`] : a.group_id ? [`group ${String(a.group_id)}`] : [])));
  return fields.flatMap((f) => {
    const added = [...named(was[f])].filter((n) => !named(now[f]).has(n));
    return [...(bar(was[f]) < bar(now[f]) ? [`${f} open to a lower role (${bar(now[f])} → ${bar(was[f])})`] : []), ...added.map((n) => `${f} lets in ${n}`)];
  });
}
