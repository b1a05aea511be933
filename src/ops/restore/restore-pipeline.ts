import { mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { git, gitText } from '../../sources/git/git.js';
import { pushToLive } from './live-push.js';
import { commitFile } from '../../sources/git/commit-file.js';
import { remoteHead } from '../../sources/git/verify-repo.js';
import { BulkheadError } from '../../util/errors.js';
import { relativePathProblem } from '../../vault/names.js';
import { requireGitSource, withMirror } from './git-mirror.js';
import { requireSharedHistory } from '../../sources/git/shared-history.js';
import { requirePipelineFileConsent } from './pipeline-file-drift.js';

/**
 * `--pipeline PATH --as-branch NAME`: commits the pipeline file as the snapshot's default branch had
 * it onto a new branch off the live default branch, and pushes that branch. Never the default branch,
 * and the commit says `[skip ci]`: the pipeline is reviewed before it runs.
 * The commit is built with plumbing in a bare, shallow fetch of the live tip: no clone of the whole
 * history, no checkout (so no work tree and no LFS download: it works while the LFS store is down).
 */
export async function restorePipeline(args: { reader: VaultReader; snapshot: string; name: string; pipeline: string; target: string; branch: string; targetFromSnapshot?: boolean; allowPipelineChanges?: boolean }): Promise<{ branch: string; commit: string; base: string; blob: string; runsCi: string[] }> {
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
    // An address the snapshot recorded (the console's pipeline items) is its writer's word: only a repository sharing its history.
    if (args.targetFromSnapshot) await requireSharedHistory(mirror, args.target, args.name);
    const live = await remoteHead(args.target);
    if (!live) throw new BulkheadError('NOT_FOUND', `${args.target} has no default branch to start from (or cannot be reached)`);
    if (args.branch === live) throw new BulkheadError('USAGE', `--as-branch must not be the default branch (${live}): a restored pipeline goes on its own branch for review`);
    const exists = await git(['ls-remote', '--exit-code', args.target, `refs/heads/${args.branch}`], { okCodes: [2] });
    if (exists.code === 0) throw new BulkheadError('EXISTS', `${args.target} already has a branch ${args.branch}; choose another --as-branch`);
    // [skip ci] below does not stop every trigger: a file the live repository never ran needs consent.
    const runsCi = await requirePipelineFileConsent(mirror, args.target, args.branch, args.pipeline, blob, !!args.allowPipelineChanges);
    const work = join(mkdtempSync(join(tmpdir(), '.bulkhead-pipeline-')), 'live.git');
    try {
      await git(['init', '--quiet', '--bare', work]);
      await git(['fetch', '--quiet', '--depth=1', '--no-tags', args.target, `+refs/heads/${live}:refs/heads/${live}`], { gitDir: work });
      const base = (await gitText(['rev-parse', `refs/heads/${live}`], { gitDir: work })).trim();
      // [skip ci]: the file is the snapshot's writer's bytes, and a push to any branch runs most CI (GitHub Actions,
      // GitLab, CircleCI, Bitbucket, Azure honour the marker): a branch for review must not run it, with the repository's secrets.
      const made = await commitFile(work, base, args.pipeline, content.stdout, `Restore ${args.pipeline} from Bulkhead snapshot ${args.snapshot} [skip ci]`);
      if (!made) throw new BulkheadError('EXISTS', `${args.pipeline} on ${live} is already what the snapshot holds; nothing to restore`);
      // Verified before and after the push: the committed file is the snapshot's blob, and the
      // live repository now has the branch at exactly that commit.
      const committed = (await gitText(['rev-parse', `${made.commit}:${args.pipeline}`], { gitDir: work })).trim();
      if (committed !== blob || made.blob !== blob) throw new BulkheadError('CORRUPT', `${args.pipeline} as committed (${committed.slice(0, 12)}) is not the snapshot's blob ${blob.slice(0, 12)}`);
      await pushToLive(work, args.target, [`${made.commit}:refs/heads/${args.branch}`]);
      const pushed = await gitText(['ls-remote', args.target, `refs/heads/${args.branch}`]);
      if (!pushed.startsWith(made.commit)) throw new BulkheadError('RESTORE_INCOMPLETE', `${args.target} did not take branch ${args.branch}`);
      return { branch: args.branch, commit: made.commit, base: live, blob, runsCi };
    } finally {
      await fsp.rm(join(work, '..'), { recursive: true, force: true });
    }
  });
}
