import { promises as fsp } from 'node:fs';

/** The most rewritten branch names a manifest records; past them, only their count. */
export const MAX_REWRITTEN = 100;

/** Branches whose previous tip in the agent's mirror is not an ancestor of the new one (a force-push), as git's fetch reported them. */
export interface Rewritten {
  /** Full ref names (refs/heads/…), sorted, at most MAX_REWRITTEN. */
  refs: string[];
  /** How many there were in all (more than `refs` when past the bound). */
  count: number;
}

const BRANCH = 'refs/heads/';
/** A forced update as `fetch.output=full` prints it: ` + OLD...NEW  REMOTE -> LOCAL  (forced update)`. */
const FORCED = /^ \+ ([0-9a-f]{4,})\.\.\.[0-9a-f]{4,} +\S+ +-> +(\S+)/;
/** Lines kept from one fetch: a fetch that forces more branches than this records the first ones and counts these. */
const MOST_LINES = 10_000;

/**
 * Fetch options that make git report every forced update in the format read below, whatever the
 * user's configuration: `fetch.showForcedUpdates=false` would report a rewrite as a fast-forward,
 * `fetch.output=compact` would shorten the names.
 */
export const FORCED_UPDATE_ARGS = ['-c', 'fetch.output=full', '-c', 'fetch.showForcedUpdates=true'];

/**
 * What a fetch's stderr says was force-updated. git decides it (the old tip is not an ancestor of
 * the new one, found by its own merge-base walk while fetching), so recording it costs no git
 * process of Bulkhead's. Only branches are kept: a tag that moves is said by the reader from the
 * manifests, and forge refs (refs/pull/…) are rewritten whenever a contributor rebases.
 */
export class ForcedUpdates {
  #rest = '';
  readonly #lines: string[] = [];

  /** Takes a chunk of stderr. */
  push(text: string): void {
    const parts = (this.#rest + text).split('\n');
    this.#rest = parts.pop() ?? '';
    for (const line of parts) if (line.startsWith(' + ') && this.#lines.length < MOST_LINES) this.#lines.push(line);
  }

  /**
   * The branches force-updated from `before` (the mirror's refs before the fetch). git prints names
   * shortened (`main` for refs/heads/main, `origin/main` for refs/remotes/origin/main) and tips
   * abbreviated, and reports a tag's update apart (`t [tag update]`): a line counts for a branch
   * only when the old tip it names is that branch's, so another ref of the same short name is not
   * taken for it. The new tip is not checked: the remote may have moved again since it was listed.
   */
  branches(before: ReadonlyMap<string, string>): string[] {
    const found = new Set<string>();
    for (const line of this.#rest ? [...this.#lines, this.#rest] : this.#lines) {
      const m = FORCED.exec(line);
      if (!m) continue;
      const ref = BRANCH + m[2]!;
      if (before.get(ref)?.startsWith(m[1]!)) found.add(ref);
    }
    return [...found].sort();
  }
}

/**
 * Forced updates wait beside the mirror until a manifest records them: the fetch moves the mirror's
 * refs at once, so a backup that fails after it would otherwise lose the only record of the old
 * tips. Written whole then renamed; losing it loses the record, never data.
 */
export const pendingPath = (mirror: string) => mirror.replace(/\.git$/, '') + '.rewritten.json';

export async function loadRewritten(mirror: string): Promise<Rewritten | undefined> {
  try {
    const raw = JSON.parse(await fsp.readFile(pendingPath(mirror), 'utf8')) as Rewritten;
    if (!Array.isArray(raw.refs) || !raw.refs.every((r) => typeof r === 'string' && r.startsWith(BRANCH)) || !Number.isSafeInteger(raw.count) || raw.count < raw.refs.length) return undefined;
    return raw.refs.length > 0 ? { refs: raw.refs.slice(0, MAX_REWRITTEN), count: raw.count } : undefined;
  } catch {
    return undefined;
  }
}

/** Adds what one fetch forced to what is waiting (a branch forced twice before a manifest recorded it counts once). */
export async function addRewritten(mirror: string, refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return;
  const had = await loadRewritten(mirror);
  const names = new Set(had?.refs ?? []);
  let count = had?.count ?? 0;
  for (const r of refs) {
    if (names.has(r)) continue;
    count++;
    if (names.size < MAX_REWRITTEN) names.add(r);
  }
  const path = pendingPath(mirror);
  await fsp.writeFile(`${path}.tmp`, JSON.stringify({ refs: [...names].sort(), count } satisfies Rewritten), { mode: 0o600 });
  await fsp.rename(`${path}.tmp`, path);
}

/** Once a manifest holding them is stored. */
export async function clearRewritten(mirror: string): Promise<void> {
  await fsp.rm(pendingPath(mirror), { force: true });
}
