import { createTwoFilesPatch } from 'diff';
import { git, gitText } from './git.js';
import { pipelinesAt, type GitManifest } from './manifest.js';
import type { Pipeline } from './pipelines.js';

export type GitChangeType =
  | 'repo-missing'
  | 'ref-deleted'
  | 'ref-created'
  | 'ref-moved'
  | 'ref-rewritten'
  | 'default-branch-changed'
  | 'pipeline-deleted'
  | 'pipeline-added'
  | 'pipeline-changed';

export interface GitChange {
  type: GitChangeType;
  ref?: string;
  path?: string;
  before?: string;
  after?: string;
  /** pipeline-changed: a unified diff of the file. */
  patch?: string;
}

/** The other side of a git diff, fetched into `refs/other/*` of a repository holding the earlier side. */
export interface OtherSide {
  refs: Record<string, string>;
  defaultBranch: string | null;
}

const OTHER = 'refs/other/';

/**
 * What changed in a repository: refs deleted, created, moved fast-forward or rewritten (the old
 * commit is not an ancestor of the new one: a force-push), default branch, and the pipelines at
 * the default branch. `gitDir` holds the earlier side's objects and the other side under refs/other/.
 */
export async function gitChanges(gitDir: string, before: GitManifest, after: OtherSide): Promise<GitChange[]> {
  const changes: GitChange[] = [];
  for (const ref of Object.keys(before.refs).sort()) {
    const was = before.refs[ref]!;
    const now = after.refs[ref];
    if (!now) changes.push({ type: 'ref-deleted', ref, before: was });
    else if (now !== was) changes.push({ type: (await isAncestor(gitDir, was, now)) ? 'ref-moved' : 'ref-rewritten', ref, before: was, after: now });
  }
  for (const ref of Object.keys(after.refs).sort()) {
    if (!before.refs[ref]) changes.push({ type: 'ref-created', ref, after: after.refs[ref]! });
  }
  if (before.defaultBranch !== after.defaultBranch) {
    changes.push({ type: 'default-branch-changed', ...(before.defaultBranch && { before: before.defaultBranch }), ...(after.defaultBranch && { after: after.defaultBranch }) });
  }
  const was = before.defaultBranch ? (before.pipelines[before.defaultBranch] ?? []) : [];
  const now = after.defaultBranch && after.refs[`refs/heads/${after.defaultBranch}`] ? await pipelinesAt(gitDir, `${OTHER}heads/${after.defaultBranch}`) : [];
  changes.push(...(await pipelineChanges(gitDir, was, now)));
  return changes;
}

async function isAncestor(gitDir: string, older: string, newer: string): Promise<boolean> {
  const r = await git(['merge-base', '--is-ancestor', `${older}^{commit}`, `${newer}^{commit}`], { gitDir, okCodes: [1, 128] });
  return r.code === 0;
}

async function pipelineChanges(gitDir: string, was: Pipeline[], now: Pipeline[]): Promise<GitChange[]> {
  const out: GitChange[] = [];
  const byPath = (ps: Pipeline[]) => new Map(ps.map((p) => [p.path, p]));
  const [a, b] = [byPath(was), byPath(now)];
  for (const [path, p] of a) {
    const q = b.get(path);
    if (!q) out.push({ type: 'pipeline-deleted', path, before: p.blob });
    else if (q.blob !== p.blob) {
      const [x, y] = await Promise.all([gitText(['cat-file', 'blob', p.blob], { gitDir }), gitText(['cat-file', 'blob', q.blob], { gitDir })]);
      out.push({ type: 'pipeline-changed', path, before: p.blob, after: q.blob, patch: createTwoFilesPatch(`a/${path}`, `b/${path}`, x, y) });
    }
  }
  for (const [path, q] of b) if (!a.has(path)) out.push({ type: 'pipeline-added', path, after: q.blob });
  return out;
}

/** Fetches every ref of `from` (a URL, a path or another repository) into refs/other/ of gitDir. */
export async function fetchOther(gitDir: string, from: string): Promise<void> {
  await git(['fetch', '--quiet', '--no-tags', '--force', from, `+refs/*:${OTHER}*`], { gitDir });
}
