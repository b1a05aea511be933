import type { GitManifest } from '../../sources/git/manifest.js';
import { pipelinesOf } from '../../sources/git/pipeline-schema.js';
import { remoteRefs } from '../../sources/git/verify-repo.js';
import { redact } from '../../sources/git/git.js';
import { requireSafeGitRemote } from '../../sources/git/safe-remote.js';
import { BulkheadError } from '../../util/errors.js';
import type { SelectionItem } from './selection-item.js';

type RefItem = Extract<SelectionItem, { type: 'git-ref' }>;
type PipelineItem = Extract<SelectionItem, { type: 'git-pipeline' }>;

async function liveRefs(remote: string, repo: string): Promise<Record<string, string>> {
  requireSafeGitRemote(remote); // the snapshot's locator: pushed to once planned
  const live = await remoteRefs(remote);
  if (!live) throw new BulkheadError('NOT_FOUND', `cannot reach the live repository of ${repo} (${redact(remote)}); check your git access to it`);
  return live;
}

/** The new branch a rewritten ref is restored as, for review: never the ref itself. */
export function reviewBranch(ref: string, snapshot: string): string {
  const short = ref.replace(/^refs\/heads\//, '').replace(/^refs\/tags\//, 'tag-').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `refs/heads/bulkhead/restore-${short}-${snapshot.slice(0, 8)}`;
}

/**
 * A ref put back into the live repository it was backed up from. A deleted ref comes back as it
 * was; a ref that now points elsewhere (moved, force-pushed) is never replaced: the snapshot's
 * commit goes to a new branch for review beside it.
 */
export async function planRef(m: GitManifest, remote: string, repo: string, ref: string, source: string, snapshot: string): Promise<RefItem> {
  const commit = m.refs[ref];
  if (!commit) throw new BulkheadError('NOT_FOUND', `${repo} had no ref ${ref} in this snapshot`);
  const live = await liveRefs(remote, repo);
  const now = live[ref];
  const where = redact(remote);
  const base = { type: 'git-ref' as const, source, repo, ref, commit, remote, kind: 'ref', files: 0, bytes: 0 };
  if (now === undefined || now === commit) {
    const what = now === commit ? 'already there: nothing to push' : 'deleted on the live repository: pushed back';
    return { ...base, destination: `${where} ${ref}`, exists: false, writes: [`${ref} → ${commit.slice(0, 12)} (${what})`] };
  }
  const branch = reviewBranch(ref, snapshot);
  const taken = live[branch] !== undefined && live[branch] !== commit;
  return {
    ...base,
    pushAs: branch,
    destination: `${where} ${branch}`,
    exists: taken,
    ...(taken && { existsWhy: `${where} already has a branch ${branch} at another commit (restored before?); review or delete it first` }),
    writes: [`${ref} was rewritten (live ${now.slice(0, 12)}, snapshot ${commit.slice(0, 12)}): the snapshot's commit goes to a new branch ${branch.replace(/^refs\/heads\//, '')} for review; ${ref} is left as it is`],
  };
}

/** A pipeline file put back on a new branch of the live repository, for review; never its default branch. */
export async function planPipeline(m: GitManifest, remote: string, repo: string, pipeline: string, source: string, snapshot: string): Promise<PipelineItem> {
  const found = pipelinesOf(m.pipelines, m.defaultBranch)?.find((p) => p.path === pipeline);
  if (!found) throw new BulkheadError('NOT_FOUND', `${pipeline} is not a pipeline of ${repo} at its default branch in this snapshot`);
  const stem = pipeline.split('/').pop()!.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-');
  const branch = `bulkhead/restore-${stem}-${snapshot.slice(0, 8)}`;
  const taken = (await liveRefs(remote, repo))[`refs/heads/${branch}`] !== undefined;
  const size = m.files.find(([p]) => p === pipeline)?.[3] ?? 0;
  const where = redact(remote);
  return {
    type: 'git-pipeline',
    source,
    repo,
    pipeline,
    branch,
    remote,
    destination: `${where} branch ${branch}`,
    kind: 'pipeline',
    files: 1,
    bytes: size,
    exists: taken,
    ...(taken && { existsWhy: `${where} already has a branch ${branch} (restored before?); review or delete it first` }),
    writes: [`${pipeline} on a new branch ${branch} off the live default branch`],
  };
}
