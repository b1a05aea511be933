import { git } from './git.js';
import { fsck } from './fsck.js';

/** What a backup found missing in a repository (recorded in its manifest as `incomplete`). */
export interface Incomplete {
  /** The first missing object ids (at most MISSING_KEPT). */
  missing: string[];
  /** How many objects are missing in all. */
  count: number;
  /** The refs whose history reaches a missing object. */
  refs: string[];
}

const MISSING_KEPT = 100;

/** The missing objects the history of `input` names: `--quiet` leaves out every object present, but not these. Fails on a missing commit. */
async function missingFrom(gitDir: string, input: string[]): Promise<string[]> {
  const r = await git(['rev-list', '--objects', '--no-object-names', '--missing=print', '--quiet', '--stdin'], { gitDir, input: input.join('\n') + '\n' });
  return r.stdout.toString('latin1').split('\n').filter((l) => l.startsWith('?')).map((l) => l.slice(1));
}

/**
 * The objects the refs' history names but the repository lacks (a local repository with lost
 * objects clones and backs up without a word, then every verified restore fails). One object walk
 * of what is new since `complete` (tips an earlier backup found whole), so an unchanged repository
 * costs nothing; when something is missing, one more walk per ref says which refs reach it.
 */
export async function findMissing(gitDir: string, refs: Record<string, string>, complete: string[]): Promise<Incomplete | undefined> {
  const tips = [...new Set(Object.values(refs))].sort();
  const done = new Set(complete);
  const fresh = tips.filter((t) => !done.has(t));
  if (fresh.length === 0) return undefined;
  // git's walk stops at a missing commit, a ref's own object gone included (a lender of objects
  // deleted): then fsck, which goes on past it, says what is missing from the whole repository.
  const missing = await missingFrom(gitDir, [...fresh, ...complete.map((t) => `^${t}`)]).catch(async () => [...(await fsck(gitDir, true)).missing].sort());
  if (missing.length === 0) return undefined;
  const reaching: string[] = [];
  for (const [ref, tip] of Object.entries(refs).sort(([a], [b]) => a.localeCompare(b))) {
    if ((await missingFrom(gitDir, [tip]).catch(() => ['(a commit)'])).length > 0) reaching.push(ref);
  }
  return { missing: missing.slice(0, MISSING_KEPT), count: missing.length, refs: reaching };
}

