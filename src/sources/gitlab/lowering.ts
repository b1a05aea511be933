import type { GitlabChange } from './changes.js';
import { GROUP_KINDS, PROJECT_KINDS } from './change-kinds.js';
import { ciLowering } from './ci-settings.js';
import { approvalRuleLowering } from './approval-lowering.js';
import { opened } from './ref-lowering.js';
import { pushRuleLowering, settingsLowering } from './settings-lowering.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;

/**
 * What putting a change back would lower in the live group: a project made more visible, a
 * protected branch or tag opened to lower roles, fewer approvals, a variable unprotected or
 * unmasked, a push rule relaxed. A snapshot's documents are its writer's word (see
 * github/lowering.ts); empty when the restore keeps or raises every protection it touches. Each
 * field a step writes is judged (red team 3: an approval rule moved off `main` kept its count and
 * approvers); one whose direction is not known counts as lowering when it changes.
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
    case 'settings-changed':
      return settingsLowering(now, was);
    // The snapshot's CI/CD settings letting more run than GitLab's now (public job logs, a config from another project): its writer's word.
    case 'ci-settings-weakened':
    case 'ci-settings-changed':
      return ciLowering(now, was);
    case 'protected-branch-changed':
      // Both written as the snapshot's truthiness (restore-protections.ts).
      return [...opened(now, was, ['push_access_levels', 'merge_access_levels', 'unprotect_access_levels']), ...(now.allow_force_push !== true && !!was.allow_force_push ? ['allow_force_push off → on'] : []), ...turnedOff(now, was, ['code_owner_approval_required'])];
    case 'protected-tag-changed':
      return opened(now, was, ['create_access_levels']);
    case 'approval-rule-changed':
      return approvalRuleLowering(now, was);
    case 'variable-changed':
      // raw off: GitLab expands `$OTHER` in the value, so it reads other variables.
      return turnedOff(now, was, ['protected', 'masked', 'raw']);
    case 'push-rule-changed':
      return pushRuleLowering(now, was);
    default:
      return c.type.endsWith('-changed') && !PROTECT_NOTHING.has(c.type) ? [`${c.type}: this version does not know whether what it writes is stricter`] : [];
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

/** Changed items whose write protects nothing (or is judged as a grant or as steering CI: gitlabAccessGranted, forge/steering.ts). */
const PROTECT_NOTHING = new Set(['label-changed', 'milestone-changed', 'environment-changed', 'release-changed', 'hook-changed', 'member-changed', 'deploy-key-changed', 'schedule-changed']);
const ROLES: Record<number, string> = { 10: 'guest', 20: 'reporter', 30: 'developer', 40: 'maintainer', 50: 'owner' };
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const asDoc = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) && !('unavailable' in v) ? (v as J) : undefined);
const exposure = (p: J) => ['private', 'internal', 'public'].indexOf(String(p.visibility));
const turnedOff = (now: J, was: J, fields: string[]) => fields.filter((f) => now[f] === true && !was[f]).map((f) => `${f} on → off`);
