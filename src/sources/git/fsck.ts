import { BOUNDED_MEMORY, git } from './git.js';

export interface FsckResult {
  /** Each problem git fsck named, one line each ("missing blob <oid>", "broken link from tree <oid> to blob <oid>", …). */
  problems: string[];
  /** Objects fsck says are missing (named as missing or as the far end of a broken link). */
  missing: Set<string>;
  /** Problems other than missing objects (corrupt, bad, hash mismatch…). */
  other: string[];
  ok: boolean;
}

const OID = /\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/g;

/**
 * `git fsck --full`, with what it found kept: git names the missing and broken objects on stdout
 * and stderr, where a bare exit code ("exit 2") helps no one mend a repository.
 */
export async function fsck(gitDir: string, connectivityOnly = false): Promise<FsckResult> {
  const r = await git([...BOUNDED_MEMORY, 'fsck', connectivityOnly ? '--connectivity-only' : '--full', '--no-progress', '--no-dangling'], { gitDir, okCodes: [1, 2, 3, 4, 5, 6, 7, 8, 128] });
  const lines = `${r.stdout.toString('utf8')}\n${r.stderr}`.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('broken link from') && lines[i + 1]?.startsWith('to ')) problems.push(`${line} ${lines[++i]}`);
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
  return { problems, missing, other, ok: r.code === 0 && problems.length === 0 };
}

/** The problems in one clause: the first few named, with the count of the rest. */
export function describeFsck(problems: readonly string[], shown = 5): string {
  const short = problems.slice(0, shown).map((p) => p.replace(OID, (oid) => oid.slice(0, 12)));
  return `${short.join('; ')}${problems.length > shown ? ` (and ${problems.length - shown} more)` : ''}`;
}
