type J = Record<string, unknown>;
type Docs = Map<string, unknown>;
const listOf = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * What protects a branch of a repository now (its live documents): classic branch protection, or an
 * active branch ruleset of the repository or its organisation whose conditions name it. Used to
 * tell whether moving the default branch (where scheduled and `pull_request_target` workflows run)
 * leaves a protected branch for an unprotected one (red team 3: a ruleset-protected main was not seen).
 *
 * `current`: the branch is the default now, so `~DEFAULT_BRANCH` covers it, and an organisation
 * ruleset chosen by repository properties may cover it (counted as covering: the move is then said).
 * Otherwise (the branch the snapshot moves to) only a ruleset naming it or `~ALL` counts: one that
 * follows the default branch covers it only after the move, its content written unprotected.
 */
export function branchGuard(live: Docs, scope: string, branch: string, current: boolean): string | undefined {
  const [owner, repo] = scope.split('/') as [string, string];
  const protections = live.get(`${scope}/branch-protections.json`) as Record<string, unknown> | undefined;
  if (protections && typeof protections === 'object' && protections[branch]) return 'protected';
  const ref = `refs/heads/${branch}`;
  // Read to say more for the branch now (a glob includes it, only an exact name excludes it) and less for the other.
  const names = (r: J) => {
    const c = ((r.conditions ?? {}) as J).ref_name as J | undefined;
    const include = strings(c?.include);
    if (strings(c?.exclude).some((x) => x === ref || (!current && glob(x, ref)))) return false;
    return include.some((x) => x === ref || x === '~ALL' || (current && (x === '~DEFAULT_BRANCH' || glob(x, ref))));
  };
  const active = (r: J) => r.enforcement === 'active' && String(r.target ?? 'branch') === 'branch';
  const own = listOf(live.get(`${scope}/rulesets.json`)).find((r) => active(r) && names(r));
  if (own) return `protected by ruleset ${String(own.name)}`;
  const org = listOf(live.get(`${owner}/_org/rulesets.json`)).find((r) => active(r) && names(r) && appliesTo(r, repo, current));
  return org ? `protected by organisation ruleset ${String(org.name)}` : undefined;
}

/** fnmatch as GitHub reads ref patterns, near enough: `*` within a path segment, `**` across them, `?` one character. */
function glob(pattern: string, ref: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*|\*|\?/g, (m) => (m === '**' ? '.*' : m === '*' ? '[^/]*' : '[^/]'));
  return new RegExp(`^${re}$`).test(ref);
}

/** Whether an organisation ruleset's repository conditions choose this repository (`maybe`: one chosen by id or property counts). */
function appliesTo(r: J, repo: string, maybe: boolean): boolean {
  const c = (r.conditions ?? {}) as J;
  const byName = c.repository_name as J | undefined;
  if (!byName) return maybe;
  if (strings(byName.exclude).some((x) => x === repo || (!maybe && glob(x, repo)))) return false;
  return strings(byName.include).some((x) => x === repo || x === '~ALL' || (maybe && glob(x, repo)));
}
