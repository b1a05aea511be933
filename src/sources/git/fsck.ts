import { BOUNDED_MEMORY, git } from './git.js';

export interface FsckResult {
  /** Each problem git fsck named, one line each ("missing blob <oid>", "broken link from tree <oid> to blob <oid>", …). */
  problems: string[];
  /** Objects fsck says are missing (named as missing or as the far end of a broken link). */
  missing: Set<string>;
  /** Problems other than missing objects (corrupt, bad, hash mismatch…). */
  other: string[];
  /**
   * Objects whose content git's format checks flag ("error in commit <oid>: badTimezone: …",
   * "warning in tree <oid>: zeroPaddedFilemode: …"): old tools and imports wrote them, GitHub and
   * GitLab serve them, `git clone` takes them. Their hash is checked like any other object's, so a
   * copy holding them is exact: these are not problems, and not in `problems`.
   */
  quirks: string[];
  ok: boolean;
}

const QUIRK = /^(?:error|warning) in (?:commit|tree|tag|blob) [0-9a-f]{40,64}: [a-zA-Z]+: /;

const OID = /\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/g;

/**
 * `git fsck --full`, with what it found kept: git names the missing and broken objects on stdout
 * and stderr, where a bare exit code ("exit 2") helps no one mend a repository.
 */
export async function fsck(gitDir: string, connectivityOnly = false): Promise<FsckResult> {
  const r = await git([...BOUNDED_MEMORY, 'fsck', connectivityOnly ? '--connectivity-only' : '--full', '--no-progress', '--no-dangling'], { gitDir, okCodes: [1, 2, 3, 4, 5, 6, 7, 8, 128] });
  const lines = `${r.stdout.toString('utf8')}\n${r.stderr}`.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const problems: string[] = [];
  const quirks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('broken link from') && lines[i + 1]?.startsWith('to ')) problems.push(`${line} ${lines[++i]}`);
    else if (QUIRK.test(line)) quirks.push(line);
    else if (!/^(dangling|notice|Checking|unreachable)/.test(line)) problems.push(line);
  }
  const missing = new Set<string>();
  const other: string[] = [];
  for (const p of problems) {
    // A ref whose object is gone: "error: refs/heads/x: invalid sha1 pointer <oid>".
    const m = /^missing \w+ ([0-9a-f]+)/.exec(p) ?? /^broken link from .* to \w+ ([0-9a-f]+)$/.exec(p) ?? /^error: \S+: invalid sha1 pointer ([0-9a-f]+)$/.exec(p);
    if (m) missing.add(m[1]!);
    else other.push(p);
  }
  // git exits 1 on a format error too: then only what it printed tells whether anything else is wrong
  return { problems, missing, other, quirks, ok: problems.length === 0 && (r.code === 0 || quirks.length > 0) };
}

/** Format findings in one clause: which checks, on which objects, and why the copy is exact all the same. */
export function describeQuirks(quirks: readonly string[], shown = 3): string {
  const named = quirks.slice(0, shown).map((q) => q.replace(/^(?:error|warning) in (\w+) ([0-9a-f]+): (\w+):.*$/, (_, type: string, oid: string, id: string) => `${id} in ${type} ${oid.slice(0, 12)}`));
  return `${quirks.length} format ${quirks.length === 1 ? 'finding' : 'findings'} in objects as the snapshot holds them (${named.join('; ')}${quirks.length > shown ? `; and ${quirks.length - shown} more` : ''}), which git serves and clones; every object's hash checked`;
}

/** The problems in one clause: the first few named, with the count of the rest. */
export function describeFsck(problems: readonly string[], shown = 5): string {
  const short = problems.slice(0, shown).map((p) => p.replace(OID, (oid) => oid.slice(0, 12)));
  return `${short.join('; ')}${problems.length > shown ? ` (and ${problems.length - shown} more)` : ''}`;
}
