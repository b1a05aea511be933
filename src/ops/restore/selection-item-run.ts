import type { VaultReader } from '../../vault/reader.js';
import { join } from 'node:path';
import { fileBlobId } from '../../sources/git/blob-id.js';
import type { Change } from '../diff/diff-entries.js';
import { damagedOf, restore, type RestoreResult } from './restore.js';
import { restoreGit, type GitRestoreResult } from './restore-git.js';
import { restorePipeline } from './restore-pipeline.js';
import { restoreGitPath, type GitPathResult } from './restore-git-path.js';
import { requireGitSource } from './git-mirror.js';
import { verifyRestored } from './verify-restore.js';
import { placeBack } from './in-place-outcome.js';
import { placeGitBack } from './git-in-place-restore.js';
import { writingSink, type RestoreProgress, type RestoreProgressSink } from './run-progress.js';
import type { SelectionItem } from './selection-item.js';
import type { SelectionPlan } from './selection-plan.js';
import { assertLeadsWherePlanned } from './in-place-roots.js';

/** What each kind of item produced, for a caller that prints more than one line (the CLI). */
export type ItemResult =
  | { type: 'tree'; result: RestoreResult; changes: Change[] }
  | { type: 'in-place' }
  | { type: 'git-repo' | 'git-ref'; result: GitRestoreResult }
  | { type: 'git-path'; result: GitPathResult }
  | { type: 'git-pipeline'; result: { branch: string; commit: string; base: string; blob: string; runsCi: string[] } };

export interface ItemRun {
  ok: boolean;
  detail: string;
  result?: ItemResult;
}

export interface ItemContext {
  reader: VaultReader;
  plan: SelectionPlan;
  index: number;
  progress: RestoreProgressSink;
  signal?: AbortSignal;
  allowPipelineChanges?: boolean;
}

const listed = (fs: { path: string; reason: string }[]) => fs.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ');

/** Runs one item of a plan: writes it, then reads back what it wrote and checks it against the snapshot. */
export async function runItem(ctx: ItemContext, item: SelectionItem): Promise<ItemRun> {
  const { reader, plan, signal } = ctx;
  const snapshot = plan.snap.id;
  const base = { item: item.source, index: ctx.index, count: plan.items.length };
  const writing = writingSink(base, item, ctx.progress, signal);
  switch (item.type) {
    case 'tree': {
      // A file lands inside the (maybe existing) target folder: only its own name is new there.
      const overwrite = item.overwrite ?? item.restoreInto === plan.target;
      const result = await restore({ reader, snapshot, path: item.path, target: item.restoreInto, dryRun: false, overwrite, progress: writing, ...(signal && { signal }) });
      if (result.refused.length > 0) return { ok: false, detail: `${result.refused.length} entries refused, their names could leave the target or collide (a forged snapshot?): ${listed(result.refused)}`, result: { type: 'tree', result, changes: [] } };
      // Never backed up (the agent could not read them) is not damage: what was written is still verified.
      const unread = result.plan.unreadAtBackup;
      const damaged = damagedOf(result);
      if (damaged.length > 0) return { ok: false, detail: `${damaged.length} damaged files or unreadable folders left out: ${listed(damaged)}`, result: { type: 'tree', result, changes: [] } };
      const totals = { files: result.plan.files, bytes: result.plan.bytes };
      const verifying = (done: { files: number; bytes: number }) => ctx.progress(phase(base, 'verifying', done, totals));
      verifying({ files: 0, bytes: 0 });
      const changes = await verifyRestored(reader, plan.snap, item.path, item.restoreInto, { ignoreExtra: overwrite, progress: verifying, ...(signal && { signal }) });
      const out = { type: 'tree' as const, result, changes };
      if (changes.length > 0) return { ok: false, detail: `${changes.length} differences after restore, first: ${changes[0]!.path} (${changes[0]!.type})`, result: out };
      if (unread.length > 0) return { ok: false, detail: `${result.plan.files} ${result.plan.files === 1 ? 'file' : 'files'} re-read and re-hashed equal to the snapshot, but the backup could not read ${listed(unread.map((u) => ({ ...u, reason: u.reason.replace(/^could not be read at backup \((.*)\): not in this snapshot$/, '$1') })))}${unread.length > 3 ? ', …' : ''}: never backed up, not restored`, result: out };
      return { ok: true, detail: `${result.plan.files} ${result.plan.files === 1 ? 'file' : 'files'} re-read and re-hashed: content, modes and times equal the snapshot`, result: out };
    }
    case 'in-place':
      assertLeadsWherePlanned(item.layout.liveRoot, item.liveReal);
      return { ...(await placeBack(reader, item, writing, signal)), result: { type: 'in-place' } };
    case 'git-in-place':
      assertLeadsWherePlanned(item.liveRoot, item.liveReal);
      return { ...(await placeGitBack(reader, snapshot, item, writing, signal)), result: { type: 'in-place' } };
    case 'git-repo': {
      const result = await restoreGit({ reader, snapshot, name: item.repo, target: item.destination, refs: item.refs ?? [], force: !!item.force, allowIncomplete: !!item.allowIncomplete, allowPipelineChanges: !!ctx.allowPipelineChanges });
      return { ok: true, detail: `${Object.keys(result.refs).length} refs; ${result.verified.join(', ')}`, result: { type: 'git-repo', result } };
    }
    case 'git-path': {
      const result = await restoreGitPath({ reader, snapshot, name: item.repo, at: item.at, path: item.gitPath, target: item.restoreInto });
      if (result.failures.length > 0) return { ok: false, detail: `${result.failures.length} files not restored: ${listed(result.failures)}`, result: { type: 'git-path', result } };
      return { ...(await verifyGitFiles(reader, snapshot, item)), result: { type: 'git-path', result } };
    }
    case 'git-ref': {
      const result = await restoreGit({ reader, snapshot, name: item.repo, target: item.remote, refs: [item.ref], ...(item.pushAs && { pushAs: { [item.ref]: item.pushAs } }), force: false, targetFromSnapshot: true, allowPipelineChanges: !!ctx.allowPipelineChanges });
      const at = `${item.pushAs ?? item.ref} is at ${item.commit.slice(0, 12)} on the live repository`;
      return { ok: true, detail: `${item.pushAs ? `${at}, a new branch for review (${item.ref} left as it is)` : at}; ${result.verified.join(', ')}`, result: { type: 'git-ref', result } };
    }
    case 'git-pipeline': {
      const r = await restorePipeline({ reader, snapshot, name: item.repo, pipeline: item.pipeline, target: item.remote, branch: item.branch, targetFromSnapshot: true, allowPipelineChanges: !!ctx.allowPipelineChanges });
      const allowed = r.runsCi.length > 0 ? `; pipeline change allowed: ${r.runsCi.join('; ')}` : '';
      return { ok: true, detail: `branch ${r.branch} (${r.commit.slice(0, 12)}) off live ${r.base}: the pushed branch holds ${item.pipeline} as the snapshot's blob ${r.blob.slice(0, 12)}${allowed}`, result: { type: 'git-pipeline', result: r } };
    }
  }
}

function phase(base: Omit<RestoreProgress, 'phase' | 'files' | 'bytes'>, name: RestoreProgress['phase'], done: { files: number; bytes: number }, totals: { files: number; bytes: number }): RestoreProgress {
  return { ...base, phase: name, files: { done: done.files, total: totals.files }, bytes: { done: done.bytes, total: totals.bytes } };
}

/** Every restored file hashes (as git does) to the blob id the snapshot's manifest lists. */
async function verifyGitFiles(reader: VaultReader, snapshot: string, item: Extract<SelectionItem, { type: 'git-path' }>): Promise<{ ok: boolean; detail: string }> {
  const { manifest } = await requireGitSource(reader, snapshot, item.repo);
  // The manifest lists the default branch's files: another commit's were verified blob by blob as written.
  const short = (ref: string) => ref.replace(/^refs\/heads\//, '');
  if (!manifest.defaultBranch || short(item.at) !== short(manifest.defaultBranch)) return { ok: true, detail: `${item.gitPath} at ${item.at}: each file verified by its blob id as it was written` };
  const files = manifest.files.filter(([p, mode]) => (p === item.gitPath || p.startsWith(`${item.gitPath}/`)) && mode !== '160000');
  if (files.length === 0) return { ok: true, detail: `${item.gitPath} at ${item.at} written; each file verified by its blob id as it was written` };
  const wrong: string[] = [];
  for (const [path, , blob] of files) {
    const id = await fileBlobId(join(item.restoreInto, path), blob).catch(() => undefined);
    if (id !== blob) wrong.push(path);
  }
  if (wrong.length > 0) return { ok: false, detail: `${wrong.length} files differ from the snapshot: ${wrong.slice(0, 3).join(', ')}` };
  return { ok: true, detail: `${files.length} files hash to the blob ids of ${item.at} in the snapshot` };
}
