import type { GitlabApi } from './client.js';
import { BulkheadError } from '../../util/errors.js';

/**
 * Protected branches and tags put back with every access level the snapshot lists (a role, a user,
 * a group or a deploy key), and a changed protection edited in place where GitLab allows it, so the
 * ref is never left open when it need not be.
 */
type J = Record<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/** One access level as GitLab takes it back: by whom it names, else its role. */
function entry(a: J): J {
  if (a.user_id) return { user_id: Number(a.user_id) };
  if (a.group_id) return { group_id: Number(a.group_id) };
  if (a.deploy_key_id) return { deploy_key_id: Number(a.deploy_key_id) };
  return { access_level: Number(a.access_level ?? 40) };
}
const identity = (a: J) => JSON.stringify(entry(a));

/**
 * An access list as the protect call takes it: its first role as `X_access_level` (all that GitLab
 * Free reads) and every other entry in `allowed_to_X` (Premium: users, groups, further roles); GitLab
 * adds the two together. An empty list is GitLab's default, Maintainer.
 */
export function accessParams(levels: unknown, level: string, allowed: string): J {
  const all = listOf(levels).map(entry);
  if (all.length === 0) return { [level]: 40 };
  const role = all.findIndex((a) => 'access_level' in a);
  const rest = all.filter((_, i) => i !== role);
  return { ...(role >= 0 && { [level]: all[role]!.access_level }), ...(rest.length > 0 && { [allowed]: rest }) };
}

/** A call gitbeaker sends only through the query string, where GitLab (Rack) cannot read a list of objects: as a JSON body. */
async function send(api: GitlabApi, method: 'post' | 'patch', path: string, body: J): Promise<void> {
  await api.ProtectedBranches.requester[method](path, { body });
}
const projectPath = (project: string) => `projects/${encodeURIComponent(project)}`;

const LISTS = [['push_access_levels', 'push_access_level', 'allowed_to_push'], ['merge_access_levels', 'merge_access_level', 'allowed_to_merge'], ['unprotect_access_levels', 'unprotect_access_level', 'allowed_to_unprotect']] as const;

/** Protects a branch as the snapshot lists it: every access level, force push, code owner approval. */
export async function protectBranch(api: GitlabApi, project: string, x: J): Promise<void> {
  const lists = Object.assign({}, ...LISTS.map(([from, level, allowed]) => accessParams(x[from], level, allowed))) as J;
  await send(api, 'post', `${projectPath(project)}/protected_branches`, { name: String(x.name), ...lists, allow_force_push: !!x.allow_force_push, code_owner_approval_required: !!x.code_owner_approval_required });
}

/** Protects a tag as the snapshot lists it: every level allowed to create it. */
export async function protectTag(api: GitlabApi, project: string, x: J): Promise<void> {
  await send(api, 'post', `${projectPath(project)}/protected_tags`, { name: String(x.name), ...accessParams(x.create_access_levels, 'create_access_level', 'allowed_to_create') });
}

/** Whether two access lists let in the same roles, users, groups and keys. */
const sameLevels = (a: unknown, b: unknown) => JSON.stringify(listOf(a).map(identity).sort()) === JSON.stringify(listOf(b).map(identity).sort());
const sameBranch = (a: J, b: J) => LISTS.every(([f]) => sameLevels(a[f], b[f])) && !!a.allow_force_push === !!b.allow_force_push && !!a.code_owner_approval_required === !!b.code_owner_approval_required;

/** Entries of `live` the snapshot lacks, destroyed by id; entries only the snapshot has, added: one PATCH, one transaction. */
function delta(live: unknown, was: unknown): J[] {
  const keep = new Set(listOf(was).map(identity));
  const have = new Set(listOf(live).map(identity));
  return [...listOf(live).filter((a) => !keep.has(identity(a))).map((a) => ({ id: Number(a.id), _destroy: true })), ...listOf(was).filter((a) => !have.has(identity(a))).map(entry)];
}

/** The protected ref named `name` as GitLab has it now. */
async function liveBranch(api: GitlabApi, project: string, name: string): Promise<J | undefined> {
  return ((await api.ProtectedBranches.all(project)) as unknown as J[]).find((b) => b.name === name);
}

/**
 * Puts a changed branch protection back. First in place (`PATCH`: force push, code owner approval and,
 * on Premium, the access lists with `_destroy`), so the branch stays protected throughout; read back,
 * if GitLab left the lists as they were (Free edits only force push), the branch is unprotected and
 * protected again: a window the plan says, and a failure of the second call fails the step loudly.
 */
export async function restoreBranchProtection(api: GitlabApi, project: string, x: J): Promise<string[]> {
  const name = String(x.name);
  const live = await liveBranch(api, project, name);
  if (!live) return protectBranch(api, project, x).then(() => []);
  const lists = Object.fromEntries(LISTS.map(([from, , allowed]) => [allowed, delta(live[from], x[from])]).filter(([, d]) => (d as J[]).length > 0));
  await send(api, 'patch', `${projectPath(project)}/protected_branches/${encodeURIComponent(name)}`, { allow_force_push: !!x.allow_force_push, code_owner_approval_required: !!x.code_owner_approval_required, ...lists });
  const after = await liveBranch(api, project, name);
  if (after && sameBranch(after, x)) return [];
  await reprotect(`branch ${name} of ${project}`, () => api.ProtectedBranches.unprotect(project, name), () => protectBranch(api, project, x));
  return [`GitLab did not edit who may push, merge or unprotect ${name} in place (GitLab Free does not): it was unprotected and protected again`];
}

/** GitLab has no call that edits a protected tag: unprotected and protected again (the plan says so). */
export async function restoreTagProtection(api: GitlabApi, project: string, x: J): Promise<void> {
  const name = String(x.name);
  await reprotect(`tag ${name} of ${project}`, () => api.ProtectedTags.unprotect(project, name), () => protectTag(api, project, x));
}

/** Unprotect, then protect: if the second call fails, the ref is open, and the step says so first. */
async function reprotect(what: string, unprotect: () => Promise<unknown>, protect: () => Promise<unknown>): Promise<void> {
  await unprotect();
  try {
    await protect();
  } catch (e) {
    throw new BulkheadError('RESTORE_INCOMPLETE', `${what} is UNPROTECTED now: it was unprotected to be protected again as the snapshot has it, and protecting it failed (${e instanceof Error ? e.message : String(e)}); protect it by hand`);
  }
}
