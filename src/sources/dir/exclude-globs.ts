import picomatch from 'picomatch';
import { BulkheadError } from '../../util/errors.js';

/** The most --exclude globs one source may have (the agent's CLI refuses more; a diff does not use more). */
export const EXCLUDES_MOST = 64;
/** The longest exclude glob, in UTF-16 units (picomatch's own `maxLength` is set to it too). */
export const EXCLUDE_LENGTH_MOST = 256;
/** Runs of `*` (a `**` is one) in one path segment of a glob, and in the whole glob. */
export const STARS_PER_SEGMENT = 2;
export const STARS_PER_GLOB = 4;

/**
 * picomatch compiles a glob to a backtracking RegExp, and a snapshot's excludes are its writer's
 * word: `*(*)` sixteen times then `#` (an extglob: nested quantifiers) kept `diff --live` at 100%
 * CPU for minutes on any name of a dozen characters. Extglobs and braces are off here (picomatch's
 * `noextglob`, `nobrace`), but that is not enough on its own: picomatch still passes `(`, `)` and `|`
 * through as a regex group (`(a|aa)` forty times then `b`: exponential, no wildcard at all; `)+` a
 * quantifier), so they are refused unescaped, as `{` is (an agent's `*.{jpg,png}` would otherwise
 * silently exclude nothing); and each `*` is a lazy `[^/]*?`, so k of them in one segment cost
 * O(n^k) per name (four, `*a*a*a*ab`, on a 255-character name: 1.7 s; three: 9 ms; two: 0.05 ms).
 * Measured (Node 20, 2 cores) with every glob of up to six tokens (star, globstar, `?`, `a`, `b`,
 * a slash, a globstar segment) within these bounds, against a 255-character name and 4 KiB paths:
 * the slowest took ~1.3 ms a match cold, 0.26 ms warm; `**` segments in a row (four, then `b`)
 * 0.01 ms; EXCLUDES_MOST globs of the `*a*b` shape 1.4 ms a path.
 * `posix`: a class `[!0-9]` is "not a digit", as in a shell and .gitignore; without it picomatch
 * read `[!p]` as "`!` or `p`", the opposite (red team 6: `proc/[!0-9]*` excluded `proc/123`).
 */
const OPTIONS = { dot: true, basename: true, noextglob: true, nobrace: true, maxLength: EXCLUDE_LENGTH_MOST, posix: true } as const;

/** Why these globs cannot be used as excludes, or undefined. */
export function excludesProblem(globs: readonly string[]): string | undefined {
  if (globs.length > EXCLUDES_MOST) return `${globs.length} exclude globs, more than the ${EXCLUDES_MOST} a source may have`;
  for (const glob of globs) {
    const problem = globProblem(glob);
    if (problem) return `exclude glob ${JSON.stringify(glob.length > 80 ? `${glob.slice(0, 80)}…` : glob)} refused: ${problem}`;
  }
  return undefined;
}

function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'it is empty';
  if (glob.length > EXCLUDE_LENGTH_MOST) return `${glob.length} characters, more than ${EXCLUDE_LENGTH_MOST}`;
  let [segmentStars, stars, afterStar] = [0, 0, false];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') i++;
    else if (c === '(' || c === ')' || c === '|' || c === '{') return `"${c}" must be escaped ("\\${c}"): groups, alternatives, extglobs and braces are not supported`;
    else if (c === '/') segmentStars = 0;
    else if (c === '*' && !afterStar) {
      stars++;
      if (++segmentStars > STARS_PER_SEGMENT) return `more than ${STARS_PER_SEGMENT} "*" in one path segment`;
    }
    afterStar = c === '*';
  }
  return stars > STARS_PER_GLOB ? `more than ${STARS_PER_GLOB} "*" in one glob` : undefined;
}

/**
 * Names what excludeMatcher means by a glob: a folder tree recorded under other meanings (a glob with
 * a slash matched against the last name only) is not reused for the same globs (backup-dir.ts).
 */
export const EXCLUDE_MEANING = 'a glob with a slash matches the path from the source root, a name at a time; [!x] is not x';

/**
 * --exclude globs: a glob without a slash matches a name at any depth (`*.tmp`, `node_modules`); one
 * with a slash matches the path from the source root (`logs/*.log`, `build/**`). picomatch's
 * `basename` matched every glob against the last name only, so one with a slash never excluded
 * anything below the root (`logs/*.log`: not `logs/a.log`). USAGE for globs excludesProblem refuses.
 */
export function excludeMatcher(globs: readonly string[]): (relPath: string) => boolean {
  const problem = excludesProblem(globs);
  if (problem) throw new BulkheadError('USAGE', problem);
  const trimmed = globs.map((g) => g.replace(/^\/+|\/+$/g, ''));
  const named = trimmed.filter((g) => !g.includes('/'));
  const byName = named.length > 0 ? picomatch(named, OPTIONS) : undefined;
  const byPath = trimmed.filter((g) => g.includes('/')).map(pathMatcher);
  return (relPath) => (byName?.(relPath) ?? false) || byPath.some((m) => m(relPath));
}

const GLOBSTAR = Symbol('**');

/**
 * A glob with slashes, matched a name at a time: each segment by picomatch against one name (at
 * most 255 characters, the bound the measurements above hold for), `**` for any number of names. One
 * RegExp over the whole path backtracked across thousands of segments (`**a*a/?` on a 4 KiB path of
 * one-letter names: minutes). Cost: the glob's segments times the path's names, each tried once.
 */
function pathMatcher(glob: string): (relPath: string) => boolean {
  const segments = glob.split('/').map((seg) => (seg === '**' ? GLOBSTAR : picomatch(seg, { ...OPTIONS, basename: false })));
  return (relPath) => {
    const names = relPath.split('/');
    // at[j]: the names before j are matched by the segments so far
    let at = new Uint8Array(names.length + 1);
    at[0] = 1;
    for (const seg of segments) {
      const next = new Uint8Array(names.length + 1);
      if (seg === GLOBSTAR) {
        for (let j = 0, reached = false; j <= names.length; j++) next[j] = Number((reached ||= at[j] === 1));
      } else {
        for (let j = 0; j < names.length; j++) if (at[j] && seg(names[j]!)) next[j + 1] = 1;
      }
      at = next;
    }
    return at[names.length] === 1;
  };
}
