import type { GitManifest } from '../../sources/git/manifest.js';

/** What of a git manifest the comparison reads: its refs, default branch, and the agent's record of forced updates. */
export type RefView = Pick<GitManifest, 'refs' | 'defaultBranch' | 'rewritten'>;

/** Some names shown (as the operator reads them: `release/1.4`, `tag v1.2.0`), and how many there were. */
export interface Named {
  first: string[];
  count: number;
}

/**
 * How a repository's history changed from one manifest of its lineage to the next: what the reader
 * derives from the two manifests (deleted refs, moved tags, the default branch), and what the backup
 * agent recorded (branches its fetch saw force-pushed). Empty when nothing of it happened.
 */
export interface RefEvents {
  rewritten?: Named;
  deleted?: Named;
  tagsMoved?: Named;
  defaultBranch?: { from: string; to: string | null };
}

/** Names shown per kind of event; the rest are counted. */
const SHOWN = 3;
/** A ref name is the writer's text: shown up to this many characters. */
const NAME_MOST = 100;
const BRANCH = 'refs/heads/';
const TAG = 'refs/tags/';

/**
 * Branches that are meant to last: their deletion or rewrite is news. Short-lived ones come and go
 * every day (a merged pull request's branch is deleted, a reviewed one rebased and force-pushed): an
 * anomaly for each would pass every busy repository's snapshots over as "latest" and bury the one
 * that matters. The default branch (before or after) is always watched; tags always are.
 */
const LONG_LIVED = /^(main|master|trunk|develop|development|dev|stable|staging|production|prod|live|releases?|(releases?|hotfix|support|maintenance)[/_-].+|v?\d+(\.\d+)*\.x|\d+-\d+-stable)$/i;

/** Bump when what compareRefs reports changes: cached events of older rules are then compared again. */
export const REF_EVENT_RULES = 1;
/** The cache key of a manifest pair (counts-cache.ts keeps the events under it). */
export const pairKey = (before: string | undefined, after: string) => `${REF_EVENT_RULES}:${before ?? ''}:${after}`;

export function watchedBranch(name: string, defaults: readonly (string | null)[]): boolean {
  return defaults.includes(name) || LONG_LIVED.test(name);
}

/**
 * The events between two manifests of one source's lineage (`before` undefined: the first one,
 * which has only what the agent recorded). Pure: the caller reads the manifests, once per pair.
 */
export function compareRefs(before: RefView | undefined, after: RefView): RefEvents {
  const out: RefEvents = {};
  const defaults = [before?.defaultBranch ?? null, after.defaultBranch];
  const recorded = (after.rewritten?.refs ?? []).filter((r) => r.startsWith(BRANCH) && watchedBranch(r.slice(BRANCH.length), defaults));
  // names past the agent's bound are unknown: counted among the rest
  const unlisted = Math.max(0, (after.rewritten?.count ?? 0) - (after.rewritten?.refs.length ?? 0));
  if (recorded.length > 0) out.rewritten = named(recorded.map(shownRef), recorded.length + unlisted);
  if (!before) return out;
  const deleted: string[] = [];
  const moved: string[] = [];
  for (const [ref, oid] of Object.entries(before.refs)) {
    const now = after.refs[ref];
    if (ref.startsWith(TAG)) {
      if (now === undefined) deleted.push(ref);
      else if (now !== oid) moved.push(ref);
    } else if (ref.startsWith(BRANCH) && now === undefined && watchedBranch(ref.slice(BRANCH.length), defaults)) deleted.push(ref);
  }
  // branches before tags, each sorted: the default branch's loss is named first
  const isDefault = (ref: string) => ref === BRANCH + before.defaultBranch;
  const order = (a: string, b: string) => Number(a.startsWith(TAG)) - Number(b.startsWith(TAG)) || Number(isDefault(b)) - Number(isDefault(a)) || (a < b ? -1 : a > b ? 1 : 0);
  if (deleted.length > 0) out.deleted = named(deleted.sort(order).map(shownRef), deleted.length);
  if (moved.length > 0) out.tagsMoved = named(moved.sort().map((r) => clip(r.slice(TAG.length))), moved.length);
  if (before.defaultBranch && before.defaultBranch !== after.defaultBranch) out.defaultBranch = { from: clip(before.defaultBranch), to: after.defaultBranch === null ? null : clip(after.defaultBranch) };
  return out;
}

export const hasEvents = (e: RefEvents): boolean => !!(e.rewritten || e.deleted || e.tagsMoved || e.defaultBranch);

/**
 * The events in words, one finding each, said `SOURCE: …` (the console tells a history event from
 * a loss by it): "api: main was rewritten: the backup agent recorded a force-push", "api:
 * release/1.4 deleted (and 2 more)", "api: tag v1.2.0 moved", "api: default branch changed from
 * main to trunk".
 */
export function refEventMessages(source: string, e: RefEvents): string[] {
  const out: string[] = [];
  if (e.rewritten) {
    const one = e.rewritten.count === 1;
    out.push(`${source}: ${e.rewritten.first.join(', ')} ${one ? 'was' : 'were'} rewritten${more(e.rewritten)}: the backup agent recorded ${one ? 'a force-push' : 'force-pushes'}`);
  }
  if (e.deleted) out.push(`${source}: ${e.deleted.first.join(', ')} deleted${more(e.deleted)}`);
  if (e.tagsMoved) out.push(`${source}: ${e.tagsMoved.count === 1 ? 'tag' : 'tags'} ${e.tagsMoved.first.join(', ')} moved${more(e.tagsMoved)}`);
  if (e.defaultBranch) out.push(`${source}: default branch changed from ${e.defaultBranch.from} to ${e.defaultBranch.to ?? 'none (HEAD names no branch)'}`);
  return out;
}

const more = (n: Named) => (n.count > n.first.length ? ` (and ${n.count - n.first.length} more)` : '');
const named = (names: string[], count: number): Named => ({ first: names.slice(0, SHOWN), count });
const clip = (s: string) => (s.length > NAME_MOST ? `${s.slice(0, NAME_MOST)}…` : s);
/** `refs/heads/x` → `x`, `refs/tags/v1` → `tag v1`. */
const shownRef = (ref: string) => clip(ref.startsWith(BRANCH) ? ref.slice(BRANCH.length) : ref.startsWith(TAG) ? `tag ${ref.slice(TAG.length)}` : ref);
