import { relativePathProblem } from '../../vault/names.js';

/** One path of `git ls-tree -r -z` output: its mode (120000 a symlink, 160000 a submodule), object id and path. */
export interface GitListed {
  mode: string;
  oid: string;
  path: string;
  /** The path's exact bytes (git paths need not be UTF-8). */
  raw: Buffer;
  /** A blob's size, when listed with -l (`ls-tree -l`); absent for trees, submodules and plain listings. */
  size?: number;
}

export function parseLsTree(out: Buffer): GitListed[] {
  const rows: GitListed[] = [];
  for (let start = 0; start < out.length; ) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const line = out.subarray(start, end);
    start = end + 1;
    const tab = line.indexOf(9);
    if (tab < 0) continue;
    const [mode = '', type = '', oid = '', ...long] = line.subarray(0, tab).toString('latin1').split(' ');
    const raw = Buffer.from(line.subarray(tab + 1));
    const size = Number(long.filter(Boolean)[0]); // -l pads the size with spaces; a tree's is "-"
    rows.push({ mode, oid, path: raw.toString('utf8'), raw, ...(type === 'blob' && Number.isSafeInteger(size) && { size }) });
  }
  return rows;
}

/** A name git refuses in a tree it checks out (verify_path): `.git` in any case, and the forms Windows and macOS read as it. */
const isDotGit = (name: string) => /^\.git[. ]*$/i.test(name) || /^git~1$/i.test(name);

/**
 * Why extracting these paths could write outside the target folder, or plant a repository's own
 * files: a component that is empty, "." or ".." (git's own fsck refuses such trees, but a mirror
 * from a hijacked writer was never fsck'd by git), a path listed twice, a path below a symlink,
 * which an extractor would write through, or a path inside a `.git` folder (git's fsck refuses
 * those too). Empty when the listing is safe to extract into an empty folder.
 */
export function listingProblems(listed: readonly GitListed[]): string[] {
  const problems: string[] = [];
  const links = new Set(listed.filter((e) => e.mode === '120000').map((e) => e.path));
  const seen = new Set<string>();
  for (const { path } of listed) {
    const bad = relativePathProblem(path);
    if (bad) problems.push(bad);
    else if (path.split('/').some(isDotGit)) problems.push(`${JSON.stringify(path)} is inside a .git folder, which git never checks out: its config and hooks run programs when git runs there (a shell prompt does, on entering the folder)`);
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
