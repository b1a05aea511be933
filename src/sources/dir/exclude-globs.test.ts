import { describe, expect, it } from 'vitest';
import { EXCLUDE_LENGTH_MOST, EXCLUDES_MOST, excludeMatcher, excludesProblem } from './exclude-globs.js';

/** Names and paths as long as a file system gives: a 255-character name, a 4 KiB path of short or long segments. */
const LONG = ['a'.repeat(255), `${'ab'.repeat(127)}a`, `${'a/'.repeat(2040)}a`, `${'a/b/'.repeat(1020)}a`, `${`${'a'.repeat(254)}/`.repeat(16)}a`];

/** A hang guard, not a benchmark: each allowed shape measured ~1 ms per match (exclude-globs.ts); a regression runs for minutes. */
const HANG_GUARD_MS = 2_000;

function timed(globs: string[]): { refused?: string; ms: number } {
  const started = performance.now();
  const refused = excludesProblem(globs);
  if (!refused) {
    const excluded = excludeMatcher(globs);
    for (const path of LONG) excluded(path);
  }
  return { ...(refused && { refused }), ms: performance.now() - started };
}

describe('exclude globs: none costs unbounded time', () => {
  it('refuses the red team glob and the other known ReDoS shapes, with why', () => {
    const shapes: [string, RegExp][] = [
      [`${'*(*)'.repeat(16)}#`, /"\(" must be escaped/], // extglob: nested quantifiers
      [`${'\\(*\\)'.repeat(16)}#`, /more than 2 "\*" in one path segment/], // its escaped form: 16 lazy stars
      [`${'(a|aa)'.repeat(40)}b`, /"\(" must be escaped/], // a regex group picomatch passes through: exponential without a wildcard
      [`${'*?'.repeat(30)}#`, /more than 2 "\*" in one path segment/],
      [`${'*a'.repeat(12)}b`, /more than 2 "\*" in one path segment/],
      [`${'**/'.repeat(30)}x`, /more than 4 "\*" in one glob/],
      [`${'**/a*/'.repeat(5)}b`, /more than 4 "\*" in one glob/],
      ['{1..100000}', /"\{" must be escaped/],
      [`${'{a,'.repeat(20)}b${'}'.repeat(20)}`, /"\{" must be escaped/],
      ['@(a|b)', /"\(" must be escaped/],
      ['x'.repeat(EXCLUDE_LENGTH_MOST + 1), /257 characters, more than 256/],
      ['', /it is empty/],
    ];
    for (const [glob, why] of shapes) {
      const { refused, ms } = timed([glob]);
      expect(refused, glob).toMatch(why);
      expect(ms).toBeLessThan(HANG_GUARD_MS);
      expect(() => excludeMatcher([glob])).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
    expect(excludesProblem(Array.from({ length: EXCLUDES_MOST + 1 }, (_, i) => `f${i}`))).toBe(`${EXCLUDES_MOST + 1} exclude globs, more than the ${EXCLUDES_MOST} a source may have`);
  });

  it('matches the worst shapes it allows against long names and paths fast', () => {
    const allowed = ['*a*b', '*a??*b', '**a*a/?', '?**?*/**/a', '**/*a*b', '**/a*/**/b*', `${'**/a/'.repeat(4)}b`, '*?*?', 'a*/**/b', `${'?'.repeat(200)}*#`];
    const { refused, ms } = timed(allowed);
    expect(refused).toBeUndefined();
    expect(ms).toBeLessThan(HANG_GUARD_MS);
    // the most globs a source may have, each a worst allowed shape: still a hang guard away
    expect(timed(Array.from({ length: EXCLUDES_MOST }, (_, i) => `*a*${'b'.repeat(i % 8)}c`)).ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('keeps what excludes meant: names at any depth, dotfiles, escaped specials as themselves', () => {
    const excluded = excludeMatcher(['node_modules', '*.tmp', '.cache', 'Copy \\(2\\).txt', 'a\\{b']);
    for (const path of ['node_modules', 'x/y/node_modules', 'a/b.tmp', 'home/.cache', 'docs/Copy (2).txt', 'a{b']) expect(excluded(path), path).toBe(true);
    for (const path of ['src/a.ts', 'b.tmpx', 'Copy 2.txt']) expect(excluded(path), path).toBe(false);
    expect(excludeMatcher([])('anything')).toBe(false);
  });

  it('reads [!…] as a shell does, "none of these" (it was read as "! or these", the opposite)', () => {
    const byName = excludeMatcher(['[!p]*']);
    for (const path of ['abc', 'x/abc', '!x']) expect(byName(path), path).toBe(true);
    for (const path of ['pqr', 'x/pqr']) expect(byName(path), path).toBe(false);
    const byPath = excludeMatcher(['proc/[!0-9]*']);
    expect(byPath('proc/self')).toBe(true);
    expect(byPath('proc/123')).toBe(false);
  });

  it('matches a glob with a slash against the path from the source root, not the last name only', () => {
    const excluded = excludeMatcher(['logs/*.log', 'build/**', '*.tmp']);
    for (const path of ['logs/a.log', 'build/x.js', 'build/deep/x.js', 'build', 'd/a.tmp']) expect(excluded(path), path).toBe(true);
    for (const path of ['x/logs/a.log', 'a/build/x.js', 'a/build', 'logs/a.txt']) expect(excluded(path), path).toBe(false);
  });
});
