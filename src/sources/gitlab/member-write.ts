import type { GitlabApi } from './client.js';
import { BulkheadError } from '../../util/errors.js';
import type { Where } from './where.js';

type J = Record<string, unknown>;

/**
 * A member written as it was compared and named in the plan (`GRANTS … @alice maintainer`): by
 * username. The snapshot's numeric user id is its writer's word (red team 3, F3: a login checked,
 * another account's id written), so it is never what is written: a member is added by username, and
 * edited under the id GitLab has for that username, the step refused when the recorded id disagrees.
 */
function usernameOf(x: J, where: Where): string {
  if (typeof x.username !== 'string' || !x.username) throw new BulkheadError('TAMPERED', `a member of ${where.path} in the snapshot has no username (id ${String(x.id)}): refused, nothing written`);
  return x.username;
}

export async function addMember(api: GitlabApi, where: Where, x: J): Promise<void> {
  const username = usernameOf(x, where);
  await (where.group ? api.GroupMembers : api.ProjectMembers).add(where.path, Number(x.access_level) as never, { username, ...(x.expires_at ? { expiresAt: String(x.expires_at) } : {}) } as never);
}

export async function editMember(api: GitlabApi, where: Where, x: J): Promise<void> {
  const username = usernameOf(x, where);
  const members = where.group ? api.GroupMembers : api.ProjectMembers;
  const live = ((await members.all(where.path)) as unknown as J[]).find((m) => m.username === username);
  if (!live) throw new BulkheadError('NOT_FOUND', `@${username} is no longer a member of ${where.path} to edit: nothing written`);
  if (x.id !== undefined && Number(x.id) !== Number(live.id)) {
    throw new BulkheadError('TAMPERED', `the snapshot records member @${username} of ${where.path} with user id ${String(x.id)}, GitLab has id ${String(live.id)} for @${username} (a snapshot's ids are its writer's word): refused, nothing written; set the role by hand`);
  }
  // null clears an expiry the snapshot did not have.
  await members.edit(where.path, Number(live.id), Number(x.access_level) as never, { expiresAt: x.expires_at ?? null } as never);
}
