const BRANCH = 'refs/heads/';

/**
 * The default branch is the one HEAD names. A bare repository's HEAD can name a branch that was
 * never pushed (a "dangling" HEAD): then main, else master, else the first branch stands in for it,
 * and the caller says so.
 */
export function chooseDefaultBranch(head: string | null, refs: Record<string, string>): { defaultBranch: string | null; danglingHead?: string } {
  if (head && refs[head]) return { defaultBranch: head.startsWith(BRANCH) ? head.slice(BRANCH.length) : head };
  const branches = Object.keys(refs)
    .filter((r) => r.startsWith(BRANCH))
    .map((r) => r.slice(BRANCH.length))
    .sort();
  const fallback = ['main', 'master'].find((b) => branches.includes(b)) ?? branches[0] ?? null;
  return { defaultBranch: fallback, ...(head && { danglingHead: head }) };
}
