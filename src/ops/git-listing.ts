import { relativePathProblem } from '../vault/names.js';

/** One path of `git ls-tree -r -z` output: its mode (120000 a symlink, 160000 a submodule) and path. */
export interface GitListed {
  mode: string;
  path: string;
}

export function parseLsTree(out: Buffer): GitListed[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      return { mode: line.slice(0, line.indexOf(' ')), path: line.slice(tab + 1) };
    });
}

/**
 * Why extracting these paths could write outside the target folder: a component that is empty,
 * "." or ".." (git's own fsck refuses such trees, but a mirror from a hijacked writer was never
 * fsck'd by git), a path listed twice, or a path below a symlink, which an extractor would write
 * through. Empty when the listing is safe to extract into an empty folder.
 */
export function listingProblems(listed: readonly GitListed[]): string[] {
  const problems: string[] = [];
  const links = new Set(listed.filter((e) => e.mode === '120000').map((e) => e.path));
  const seen = new Set<string>();
  for (const { path } of listed) {
    const bad = relativePathProblem(path);
    if (bad) problems.push(bad);
    else if (seen.has(path)) problems.push(`${JSON.stringify(path)} is listed twice`);
    else {
      const parts = path.split('/');
      const link = parts.slice(1).findIndex((_, i) => links.has(parts.slice(0, i + 1).join('/')));
      if (link >= 0) problems.push(`${JSON.stringify(path)} lies below the symlink ${JSON.stringify(parts.slice(0, link + 1).join('/'))}`);
    }
    seen.add(path);
  }
  return problems;
}
