import type { GithubClient } from './client.js';
import { BulkheadError } from '../../util/errors.js';

type J = Record<string, unknown>;
/** One required reviewer as an environment document records it (GitHub's read shape). */
export type Reviewer = { type?: unknown; reviewer?: J };

/**
 * The identity a restore writes for a required reviewer, which is what the lowering check and the
 * diff compare: a user by numeric id (GitHub's PUT takes ids; the login beside it is only words),
 * a team by slug (written as the live team's id of that slug, as a recreated team has a new id).
 * Red team 3: a reviewer keyed by login but written by id let the writer keep `alice` and name mallory's id.
 */
export function reviewerKey(r: Reviewer): string {
  const x = r.reviewer ?? {};
  return r.type === 'Team' ? `Team ${String(x.slug)}` : `${String(r.type)} #${String(x.id)}`;
}

/** A required reviewer in a plan's words: its login or slug, and a user's id. */
export function reviewerWords(r: Reviewer): string {
  const x = r.reviewer ?? {};
  return r.type === 'Team' ? `Team ${String(x.slug)}` : `${String(r.type)} ${String(x.login ?? '?')} (id ${String(x.id)})`;
}

export const reviewersOf = (e: J): Reviewer[] => {
  const rule = (Array.isArray(e.protection_rules) ? (e.protection_rules as J[]) : []).find((r) => r.type === 'required_reviewers');
  return Array.isArray(rule?.reviewers) ? (rule.reviewers as Reviewer[]) : [];
};

/**
 * The `reviewers` a PUT of the environment takes, each resolved against GitHub now: a team by its
 * slug (`teams`, the organisation's team ids by slug), a user by login (`GET /users/{username}`).
 * A user whose recorded id is not the id GitHub gives its login, or a team or user GitHub does not
 * know, refuses the step: writing the recorded id would make whoever holds it a required reviewer,
 * under the name of someone else.
 */
export async function reviewerIds(octokit: GithubClient, where: string, e: J, teams: Map<string, number>): Promise<{ type: string; id: number }[]> {
  const out: { type: string; id: number }[] = [];
  for (const r of reviewersOf(e)) {
    const x = r.reviewer ?? {};
    if (r.type === 'Team') {
      const id = teams.get(String(x.slug));
      if (id === undefined) throw new BulkheadError('TAMPERED', `${where}: required reviewer team ${String(x.slug)} is not a team of the organisation now (the snapshot records id ${String(x.id)}): not written; put the team back first, then this environment`);
      out.push({ type: 'Team', id });
      continue;
    }
    const login = typeof x.login === 'string' ? x.login : undefined;
    if (r.type !== 'User' || !login) throw new BulkheadError('TAMPERED', `${where}: required reviewer ${reviewerWords(r)} is neither a user with a login nor a team: not written`);
    const live = await octokit.request('GET /users/{username}', { username: login }).then((u) => Number(u.data.id), (e: unknown) => {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    });
    if (live === undefined) throw new BulkheadError('TAMPERED', `${where}: required reviewer @${login} (id ${String(x.id)} in the snapshot) is not a GitHub account now: not written`);
    if (live !== x.id) throw new BulkheadError('TAMPERED', `${where}: required reviewer @${login} is id ${String(x.id)} in the snapshot but GitHub's @${login} is id ${live}: not written (the snapshot's id would make another account a reviewer; a renamed account is set by hand)`);
    out.push({ type: 'User', id: live });
  }
  return out;
}
