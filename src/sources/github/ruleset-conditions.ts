import { canonical, same, shown, type J } from './ruleset-values.js';

/**
 * Where a ruleset's snapshot conditions may cover fewer refs or repositories than the live ones.
 * GitHub's patterns are fnmatch globs, whose coverage cannot be compared in general, so only set
 * inclusion is taken as proof: the snapshot includes every pattern the live ruleset includes (or
 * `~ALL`) and excludes none the live one does not. Anything else is said, live → snapshot.
 */
export function conditionsNarrowed(now: unknown, snapshot: unknown): string[] {
  // A ruleset written without conditions keeps its live ones (an update replaces only what it is given).
  if (snapshot === undefined || snapshot === null) return [];
  const [n, s] = [asObject(now), asObject(snapshot)];
  if (!n || !s) return same(now, snapshot) ? [] : [`conditions ${shown(now)} → ${shown(snapshot)}`];
  const out: string[] = [];
  for (const key of new Set([...Object.keys(n), ...Object.keys(s)])) {
    const [a, b] = [n[key], s[key]];
    if (same(a, b)) continue;
    // A condition on one side only: another way of choosing, not shown to choose as much.
    if (a === undefined || b === undefined) out.push(`conditions.${key} ${shown(a)} → ${shown(b)}`);
    else if (key === 'ref_name') out.push(...patterns('ref_name', 'refs', a, b));
    else if (key === 'repository_name') out.push(...patterns('repository_name', 'repositories', a, b, ['protected']), ...renames(a, b));
    else if (key === 'repository_id') out.push(...ids(a, b));
    // Property includes must all match (unlike name patterns, any of which does): the snapshot may only drop some.
    else if (key === 'repository_property') out.push(...patterns('repository_property', 'repositories', a, b, [], true));
    else out.push(`conditions.${key} ${shown(a)} → ${shown(b)}`);
  }
  return out;
}

const asObject = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : undefined);
const set = (v: unknown): Set<string> => new Set(Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : canonical(x))) : []);

/**
 * include/exclude lists: not narrower only when the snapshot's include ⊇ live's (or has `~ALL`) and
 * its exclude ⊆ live's; for includes that must all match (`allOf`), only when its include ⊆ live's.
 */
function patterns(key: string, what: string, a: unknown, b: unknown, more: string[] = [], allOf = false): string[] {
  const [n, s] = [asObject(a) ?? {}, asObject(b) ?? {}];
  const [ni, si, ne, se] = [set(n.include), set(s.include), set(n.exclude), set(s.exclude)];
  const includes = allOf ? [...si].every((x) => ni.has(x)) : si.has('~ALL') || [...ni].every((x) => si.has(x));
  const excludes = [...se].every((x) => ne.has(x));
  const unknown = [...new Set([...Object.keys(n), ...Object.keys(s)])].filter((k) => !['include', 'exclude', ...more].includes(k) && !same(n[k], s[k]));
  const say = (c: J) => `include ${shown(c.include)}; exclude ${shown(c.exclude)}`;
  return [
    ...(includes && excludes ? [] : [`conditions may cover fewer ${what}: ${say(n)} → ${say(s)}`]),
    ...unknown.map((k) => `conditions.${key}.${k} ${shown(n[k])} → ${shown(s[k])}`),
  ];
}

/** `protected` on a repository name condition stops a repository being renamed out of the ruleset. */
function renames(a: unknown, b: unknown): string[] {
  const on = (c: unknown) => asObject(c)?.protected === true;
  return on(a) && !on(b) ? ['conditions no longer prevent renaming a repository (one could be renamed out of the ruleset)'] : [];
}

function ids(a: unknown, b: unknown): string[] {
  const [n, s] = [asObject(a) ?? {}, asObject(b) ?? {}];
  const kept = set(s.repository_ids);
  const lost = [...set(n.repository_ids)].filter((x) => !kept.has(x));
  const unknown = [...new Set([...Object.keys(n), ...Object.keys(s)])].filter((k) => k !== 'repository_ids' && !same(n[k], s[k]));
  return [...(lost.length > 0 ? [`conditions may cover fewer repositories: repository ids ${lost.join(', ')} left out`] : []), ...unknown.map((k) => `conditions.repository_id.${k} ${shown(n[k])} → ${shown(s[k])}`)];
}
