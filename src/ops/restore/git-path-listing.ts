import type { VaultReader } from '../../vault/reader.js';
import { git } from '../../sources/git/git.js';
import { BulkheadError } from '../../util/errors.js';
import { relativePathProblem } from '../../vault/names.js';
import { parseLsTree } from '../browse/git-listing.js';
import { refTree } from '../browse/ref-tree.js';
import { withMirror, type GitSnapshotSource } from './git-mirror.js';

export interface GitPathFile {
  path: string;
  mode: string;
  size: number;
}

const short = (ref: string) => ref.replace(/^refs\/heads\//, '');

/**
 * The object AT names when the manifest can say it without git: a ref by its full or short name
 * (branch, then tag), or a full object id. Anything else (HEAD~2, a short id) is for git to resolve.
 */
export function commitFor(m: GitSnapshotSource['manifest'], at: string): string | undefined {
  const named = m.refs[at] ?? m.refs[`refs/heads/${at}`] ?? m.refs[`refs/tags/${at}`];
  if (named) return named;
  const full = (Object.values(m.refs)[0]?.length ?? 40) === at.length && /^[0-9a-f]+$/.test(at);
  return full ? at : undefined;
}

/**
 * The files `--at AT --path PATH` writes, for a plan: from the manifest when AT is the default branch
 * (it lists that branch's files), else from the snapshot's mirror (git ls-tree at AT).
 */
export async function listGitPath(reader: VaultReader, found: GitSnapshotSource, at: string, path: string): Promise<GitPathFile[]> {
  const m = found.manifest;
  const bad = path === '.' ? undefined : relativePathProblem(path); // the manifest's paths come from the writer: never trusted as paths
  if (bad) throw new BulkheadError('USAGE', `${path}: the path ${bad}`);
  const under = (p: string) => path === '.' || p === path || p.startsWith(`${path}/`);
  if (m.defaultBranch && short(at) === short(m.defaultBranch)) {
    const files = m.files.filter(([p]) => under(p)).map(([p, mode, , size]) => ({ path: p, mode, size }));
    if (files.length === 0) throw new BulkheadError('NOT_FOUND', `${path} does not exist at ${at} in ${found.source.name}`);
    return files;
  }
  const commit = commitFor(m, at);
  if (commit) {
    // Read in place from the vault (ref-tree.ts): the mirror is not restored for a plan.
    const rows = (await refTree(reader, found, commit)).filter((r) => under(r.path));
    if (rows.length === 0) throw new BulkheadError('NOT_FOUND', `${path} does not exist at ${at} in ${found.source.name}`);
    return rows.map((r) => ({ path: r.path, mode: r.mode, size: r.size ?? 0 }));
  }
  return withMirror(reader, found, async (mirror) => {
    const listed = await git(['ls-tree', '-r', '-z', '--full-tree', at, '--', path], { gitDir: mirror, okCodes: [128] });
    const rows = parseLsTree(listed.stdout);
    if (listed.code !== 0 || rows.length === 0) throw new BulkheadError('NOT_FOUND', `${path} does not exist at ${at} in ${found.source.name}`);
    return rows.map((r) => ({ path: r.path, mode: r.mode, size: 0 })); // sizes are the manifest's, for the default branch only
  });
}
