type J = Record<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/**
 * What putting back a protected branch's or tag's access lists would open, judged on what the
 * restore writes (restore-protections.ts `entry`, `accessParams`): an entry naming a user, group or
 * deploy key is written as that one; any other as its role, 40 (Maintainer) when it has none; an
 * empty list as GitLab's default, Maintainer.
 */

/** GitLab's 0 is "no one": the highest bar. A role that is not a number is the lowest (fail closed). */
function roleOf(a: J): number {
  const level = Number(a.access_level ?? 40);
  if (!Number.isFinite(level)) return -1;
  return level === 0 ? 100 : level;
}

/** The lowest role a list lets in; one that names someone lets in no role. */
export function bar(levels: unknown): number {
  const roles = listOf(levels).filter((a) => !a.user_id && !a.group_id && !a.deploy_key_id).map(roleOf);
  if (listOf(levels).length === 0) return 40; // written as GitLab's default (accessParams)
  return roles.length === 0 ? 100 : Math.min(...roles);
}

/** Who a list names: users, groups, deploy keys (a key that may push is a credential someone holds). */
const named = (levels: unknown) => new Set(listOf(levels).flatMap((a) => (a.user_id ? [`user ${String(a.user_id)}`] : a.group_id ? [`group ${String(a.group_id)}`] : a.deploy_key_id ? [`deploy key ${String(a.deploy_key_id)}`] : [])));

/** Access lists that let in more in the snapshot than live: a lower role, or a user, group or deploy key named only there. */
export function opened(now: J, was: J, fields: string[]): string[] {
  return fields.flatMap((f) => {
    const added = [...named(was[f])].filter((n) => !named(now[f]).has(n));
    return [...(bar(was[f]) < bar(now[f]) ? [`${f} open to a lower role (${bar(now[f])} → ${bar(was[f])})`] : []), ...added.map((n) => `${f} lets in ${n}`)];
  });
}
