import { CatFile } from './cat-file.js';
import { appendFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { git } from './git.js';
import { isLocalPath } from './mirror-cache.js';
import { localGitDir } from './local-refs.js';
import type { GitManifest } from './manifest.js';
import { PipelineScanner } from './pipeline-scan.js';
import type { Pipeline } from './pipelines.js';
import { pipelinesOf } from './pipeline-schema.js';
import { PatchBudget, pipelinePatch } from './pipeline-patch.js';

export type GitChangeType =
  | 'repo-missing'
  | 'ref-deleted'
  | 'ref-created'
  | 'ref-moved'
  | 'ref-rewritten'
  | 'tag-moved'
  | 'default-branch-changed'
  | 'pipeline-deleted'
  | 'pipeline-added'
  | 'pipeline-changed';

export interface GitChange {
  type: GitChangeType;
  /** A ref change: the ref. A pipeline change: the branch it is on (refs/heads/…). */
  ref?: string;
  path?: string;
  before?: string;
  after?: string;
  /** pipeline-changed: a unified diff of the file, with git's `diff --git` and `index` header lines. */
  patch?: string;
  /** A pipeline change on the earlier side's default branch (what `…/pipelines/PATH` restores). */
  atDefaultBranch?: true;
}

/** The other side of a git diff, fetched into `refs/other/*` of a repository holding the earlier side. */
export interface OtherSide {
  refs: Record<string, string>;
  defaultBranch: string | null;
  /** Pipelines per branch when known (a later snapshot's manifest); otherwise read from refs/other/. */
  pipelines?: Record<string, Pipeline[]>;
}

const OTHER = 'refs/other/';
const BRANCH = 'refs/heads/';

/**
 * What changed in a repository: refs deleted, created, moved fast-forward or rewritten (the old
 * commit is not an ancestor of the new one: a force-push), tags moved (a tag is meant never to
 * move), default branch, and the pipelines of every branch whose tip moved. `gitDir` holds the
 * earlier side's objects and the moved refs of the other side under refs/other/ (fetchOther); it is
 * read only for refs that moved, and may be undefined when none did (movedRefs).
 */
export async function gitChanges(gitDir: string | undefined, before: GitManifest, after: OtherSide): Promise<GitChange[]> {
  const repo = () => gitDir ?? fail('a git comparison of moved refs needs the earlier side\'s objects');
  const changes: GitChange[] = [];
  const moved: string[] = [];
  for (const ref of Object.keys(before.refs).sort()) {
    const was = before.refs[ref]!;
    const now = after.refs[ref];
    if (!now) changes.push({ type: 'ref-deleted', ref, before: was });
    else if (now !== was) {
      moved.push(ref);
      const type = ref.startsWith('refs/tags/') ? 'tag-moved' : (await isAncestor(repo(), was, now)) ? 'ref-moved' : 'ref-rewritten';
      changes.push({ type, ref, before: was, after: now });
    }
  }
  for (const ref of Object.keys(after.refs).sort()) {
    if (!before.refs[ref]) changes.push({ type: 'ref-created', ref, after: after.refs[ref]! });
  }
  if (before.defaultBranch !== after.defaultBranch) {
    changes.push({ type: 'default-branch-changed', ...(before.defaultBranch && { before: before.defaultBranch }), ...(after.defaultBranch && { after: after.defaultBranch }) });
  }
  const branches = moved.filter((r) => r.startsWith(BRANCH)).map((r) => r.slice(BRANCH.length));
  const now = branches.length > 0 ? await afterPipelines(repo(), before, after, branches) : {};
  // The default branch's patches first (the budget is spent in this order), listed in branch order.
  const budget = new PatchBudget();
  const found = new Map<string, GitChange[]>();
  for (const branch of [...branches].sort((a, b) => Number(b === before.defaultBranch) - Number(a === before.defaultBranch))) {
    found.set(branch, await pipelineChanges(repo(), pipelinesOf(before.pipelines, branch) ?? [], pipelinesOf(now, branch) ?? [], budget));
  }
  for (const branch of branches) {
    const onDefault = branch === before.defaultBranch ? { atDefaultBranch: true as const } : {};
    changes.push(...found.get(branch)!.map((c) => ({ ...c, ref: BRANCH + branch, ...onDefault })));
  }
  return changes;
}

/** The later side's pipelines on the branches that moved: from its manifest, or read in one batch. */
async function afterPipelines(gitDir: string, before: GitManifest, after: OtherSide, branches: string[]): Promise<Record<string, Pipeline[]>> {
  if (after.pipelines) return after.pipelines;
  const objects = new CatFile(gitDir);
  try {
    const scanner = new PipelineScanner(objects, Object.values(before.pipelines).flat());
    return await scanner.scan(Object.fromEntries(branches.map((b) => [b, `${OTHER}heads/${b}`])));
  } finally {
    objects.close();
  }
}

/** A caller's mistake, not the user's: no error code. */
function fail(why: string): never {
  throw new Error(why);
}

async function isAncestor(gitDir: string, older: string, newer: string): Promise<boolean> {
  const r = await git(['merge-base', '--is-ancestor', `${older}^{commit}`, `${newer}^{commit}`], { gitDir, okCodes: [1, 128] });
  return r.code === 0;
}

async function pipelineChanges(gitDir: string, was: Pipeline[], now: Pipeline[], budget: PatchBudget): Promise<GitChange[]> {
  const out: GitChange[] = [];
  const byPath = (ps: Pipeline[]) => new Map(ps.map((p) => [p.path, p]));
  const [a, b] = [byPath(was), byPath(now)];
  for (const [path, p] of a) {
    const q = b.get(path);
    if (!q) out.push({ type: 'pipeline-deleted', path, before: p.blob });
    else if (q.blob !== p.blob) out.push({ type: 'pipeline-changed', path, before: p.blob, after: q.blob, patch: await pipelinePatch(gitDir, path, p.blob, q.blob, budget) });
  }
  for (const [path, q] of b) if (!a.has(path)) out.push({ type: 'pipeline-added', path, after: q.blob });
  return out;
}

/** The refs on both sides whose commits differ: the only ones whose objects a comparison reads (ancestry, pipelines). */
export function movedRefs(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  return Object.keys(before).filter((r) => r.startsWith('refs/') && after[r] !== undefined && after[r] !== before[r]);
}

/**
 * Fetches `refs` of `from` (a URL, a path or another repository) into refs/other/ of gitDir: the
 * moved ones only, not every ref. A GitHub mirror holds a ref per pull request, and writing 30,000
 * refs the diff never reads took 19 s; a diff where nothing moved fetches nothing.
 */
export async function fetchOther(gitDir: string, from: string, refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return;
  const specs = refs.map((r) => `+${r}:${OTHER}${r.slice('refs/'.length)}\n`).join('');
  const fetched = await git(['fetch', '--quiet', '--no-tags', '--force', '--stdin', from], { gitDir, input: specs }).then(
    () => true,
    async () => {
      if (isLocalPath(from) && localGitDir(from)) return false;
      // A ref deleted since it was listed (an incident in progress) fails a named fetch: take every ref.
      await git(['fetch', '--quiet', '--no-tags', '--force', from, `+refs/*:${OTHER}*`], { gitDir });
      return true;
    },
  );
  if (!fetched) await borrowOther(gitDir, localGitDir(from)!, new Set(refs));
}

/**
 * A local repository that lacks objects (a partial clone, lost objects) cannot serve a fetch: its
 * upload-pack refuses. gitDir (a throw-away copy a diff compares in) then borrows its objects
 * (alternates), and its refs whose objects are there are written under refs/other/.
 */
async function borrowOther(gitDir: string, from: string, wanted: ReadonlySet<string>): Promise<void> {
  await appendFile(join(gitDir, 'objects', 'info', 'alternates'), `${resolve(from, 'objects')}\n`);
  const listed = (await git(['for-each-ref', '--format=%(objectname) %(refname)'], { gitDir: from })).stdout.toString('utf8');
  const refs = listed.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]).filter(([, ref]) => wanted.has(ref));
  const check = await git(['cat-file', '--batch-check=%(objectname)'], { gitDir, input: refs.map(([oid]) => oid).join('\n') + '\n' });
  const gone = new Set(check.stdout.toString('latin1').split('\n').filter((l) => l.endsWith(' missing')).map((l) => l.split(' ')[0]));
  const updates = refs.filter(([oid]) => !gone.has(oid)).map(([oid, ref]) => `update ${OTHER}${ref.slice('refs/'.length)} ${oid}\n`);
  await git(['update-ref', '--stdin'], { gitDir, input: updates.join('') });
}
