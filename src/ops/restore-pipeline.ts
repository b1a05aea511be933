import { constants, lstatSync, mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultReader } from '../vault/reader.js';
import { git, gitText } from '../sources/git/git.js';
import { headRef } from '../sources/git/manifest.js';
import { BulkheadError } from '../util/errors.js';
import { relativePathProblem } from '../vault/names.js';
import { requireGitSource, withMirror } from './git-mirror.js';

/**
 * `--pipeline PATH --as-branch NAME`: commits the pipeline file as the snapshot's default branch had
 * it onto a new branch off the live default branch, and pushes that branch. Never the default branch.
 */
export async function restorePipeline(args: { reader: VaultReader; snapshot: string; name: string; pipeline: string; target: string; branch: string }): Promise<{ branch: string; commit: string; base: string; blob: string }> {
  const bad = relativePathProblem(args.pipeline);
  if (bad) throw new BulkheadError('USAGE', `the pipeline path ${bad}; it must be a path inside the repository`);
  const found = await requireGitSource(args.reader, args.snapshot, args.name);
  const defaultBranch = found.manifest.defaultBranch;
  return withMirror(args.reader, found, async (mirror) => {
    if (!defaultBranch) throw new BulkheadError('NOT_FOUND', `${args.name} had no default branch in this snapshot`);
    const spec = `refs/heads/${defaultBranch}:${args.pipeline}`;
    const content = await git(['cat-file', 'blob', spec], { gitDir: mirror, okCodes: [128] });
    if (content.code !== 0) throw new BulkheadError('NOT_FOUND', `${args.pipeline} is not on ${defaultBranch} in this snapshot`);
    const blob = (await gitText(['rev-parse', spec], { gitDir: mirror })).trim();
    const work = join(mkdtempSync(join(tmpdir(), '.bulkhead-pipeline-')), 'live');
    try {
      await git(['clone', '--quiet', '--no-checkout', args.target, work]);
      const live = (await headRef(join(work, '.git')))?.replace(/^refs\/heads\//, '');
      if (!live) throw new BulkheadError('NOT_FOUND', `${args.target} has no default branch to start from`);
      if (args.branch === live) throw new BulkheadError('USAGE', `--as-branch must not be the default branch (${live}): a restored pipeline goes on its own branch for review`);
      const exists = await git(['ls-remote', '--exit-code', 'origin', `refs/heads/${args.branch}`], { cwd: work, okCodes: [2] });
      if (exists.code === 0) throw new BulkheadError('EXISTS', `${args.target} already has a branch ${args.branch}; choose another --as-branch`);
      await git(['checkout', '--quiet', '-b', args.branch, `origin/${live}`], { cwd: work });
      await writeInside(work, args.pipeline, content.stdout);
      await git(['add', '--', args.pipeline], { cwd: work });
      const same = await git(['diff', '--cached', '--quiet'], { cwd: work, okCodes: [1] });
      if (same.code === 0) throw new BulkheadError('EXISTS', `${args.pipeline} on ${live} is already what the snapshot holds; nothing to restore`);
      const who = ['-c', 'user.name=Bulkhead restore', '-c', 'user.email=bulkhead@localhost'];
      await git([...who, 'commit', '--quiet', '-m', `Restore ${args.pipeline} from Bulkhead snapshot ${args.snapshot}`], { cwd: work });
      // Verified before and after the push: the committed file is the snapshot's blob, and the
      // live repository now has the branch at exactly that commit.
      const commit = (await gitText(['rev-parse', 'HEAD'], { cwd: work })).trim();
      const committed = (await gitText(['rev-parse', `HEAD:${args.pipeline}`], { cwd: work })).trim();
      if (committed !== blob) throw new BulkheadError('CORRUPT', `${args.pipeline} as committed (${committed.slice(0, 12)}) is not the snapshot's blob ${blob.slice(0, 12)}`);
      await git(['push', '--quiet', 'origin', `${args.branch}:refs/heads/${args.branch}`], { cwd: work });
      const pushed = await gitText(['ls-remote', 'origin', `refs/heads/${args.branch}`], { cwd: work });
      if (!pushed.startsWith(commit)) throw new BulkheadError('RESTORE_INCOMPLETE', `${args.target} did not take branch ${args.branch}`);
      return { branch: args.branch, commit, base: live, blob };
    } finally {
      await fsp.rm(join(work, '..'), { recursive: true, force: true });
    }
  });
}

/**
 * Writes a file at a relative path inside a checkout (of the live repository, whose folders may be
 * symlinks): parents must be real folders or are created; a symlink in the file's place is
 * replaced, never written through.
 */
async function writeInside(root: string, rel: string, bytes: Buffer): Promise<void> {
  const parts = rel.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) await fsp.mkdir(dir);
    else if (!st.isDirectory()) throw new BulkheadError('USAGE', `${rel}: ${part} is not a folder in the live repository (a symlink or a file); restore by hand`);
  }
  const file = join(dir, parts.at(-1)!);
  if (lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) await fsp.unlink(file);
  const fd = await fsp.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    await fd.writeFile(bytes);
  } finally {
    await fd.close();
  }
}
