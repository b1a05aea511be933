import type { GithubChange } from './change-types.js';

type J = Record<string, unknown>;
type Docs = Map<string, unknown>;
const listed = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const logins = (members: unknown) => new Set(listed(members).map((m) => String(m.login)));

/**
 * What waits on a person's acceptance is not a loss a restore can put back any further. A removed
 * member with a pending invitation (a restore invited them again) is `member-invited`, not
 * restorable, so the restore that invited them is verified; likewise a team that lacks only people
 * whose invitation is pending (GitHub holds a non-member's team membership in their invitation)
 * is not `team-changed` for its members.
 */
export function pendingInvitations(owner: string, before: Docs, after: Docs, out: GithubChange[]): GithubChange[] {
  const pending = logins(after.get(`${owner}/_org/invitations.json`));
  if (pending.size === 0) return out;
  const saved = new Map(listed(before.get(`${owner}/_org/teams.json`)).map((t) => [String(t.slug), t]));
  const live = new Map(listed(after.get(`${owner}/_org/teams.json`)).map((t) => [String(t.slug), t]));
  const waiting = (slug: string) => {
    const [had, has] = [logins(saved.get(slug)?.members), logins(live.get(slug)?.members)];
    return [...has].every((l) => had.has(l)) && [...had].every((l) => has.has(l) || pending.has(l));
  };
  return out.flatMap((c): GithubChange[] => {
    if (c.type === 'member-removed' && pending.has(c.target!)) return [{ type: 'member-invited', scope: owner, target: c.target!, path: `${owner}/_org/invitations.json`, restorable: false, note: 'invited again; a member once they accept the invitation' }];
    if (c.type !== 'team-changed' || !c.fields?.includes('members') || !waiting(c.target!)) return [c];
    const fields = c.fields.filter((f) => f !== 'members');
    return fields.length > 0 ? [{ ...c, fields }] : [];
  });
}
