import type { VaultReader } from '../../vault/reader.js';
import { git } from '../../sources/git/git.js';
import { BulkheadError } from '../../util/errors.js';
import type { ProgressSink } from '../../util/progress.js';
import { restore } from './restore.js';
import { restoreGit } from './restore-git.js';
import { restorePipeline } from './restore-pipeline.js';
import { restoreGitPath } from './restore-git-path.js';
import { requireGitSource } from './git-mirror.js';
import { verifyRestored } from './verify-restore.js';
import { placeBack } from './in-place-outcome.js';
import type { SelectionItem } from './selection-item.js';
import type { SelectionPlan } from './selection-plan.js';

export interface ItemVerification {
  item: string;
  ok: boolean;
  detail: string;
}

/**
 * Runs a selection plan item by item, then reads back what each item wrote and checks it against
 * the snapshot. A blocked plan writes nothing. An item that fails is reported and the rest go on.
 */
export async function restoreSelection(reader: VaultReader, plan: SelectionPlan, progress: ProgressSink, verified: (v: ItemVerification) => void): Promise<void> {
  if (plan.blocked.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', plan.blocked[0]!);
  let failed = 0;
  for (const item of plan.items) {
    progress({ phase: `restoring ${item.source}`, done: 0, total: item.bytes || undefined, unit: 'bytes' });
    try {
      const outcome = await restoreItem(reader, plan, item, progress);
      verified({ item: item.source, ...outcome });
      if (!outcome.ok) failed++; // restored in part (refused or damaged entries) or not as the snapshot holds it
    } catch (e) {
      failed++;
      verified({ item: item.source, ok: false, detail: e instanceof BulkheadError ? e.message : 'failed unexpectedly' });
    }
  }
  if (failed > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${failed} of ${plan.items.length} items were not restored or did not verify; see the list`);
}

async function restoreItem(reader: VaultReader, plan: SelectionPlan, item: SelectionItem, progress: ProgressSink): Promise<{ ok: boolean; detail: string }> {
  const snapshot = plan.snap.id;
  switch (item.type) {
    case 'tree': {
      // A file lands inside the (maybe existing) target folder: only its own name is new there.
      const result = await restore({ reader, snapshot, path: item.path, target: item.restoreInto, dryRun: false, overwrite: item.restoreInto === plan.target, progress });
      const listed = (fs: typeof result.failures) => fs.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ');
      if (result.refused.length > 0) return { ok: false, detail: `${result.refused.length} entries refused, their names could leave the target or collide (a forged snapshot?): ${listed(result.refused)}` };
      if (result.failures.length > 0) return { ok: false, detail: `${result.failures.length} damaged files or unreadable folders left out: ${listed(result.failures)}` };
      const diffs = await verifyRestored(reader, plan.snap, item.path, item.restoreInto);
      if (diffs.length > 0) return { ok: false, detail: `${diffs.length} differences after restore, first: ${diffs[0]!.path} (${diffs[0]!.type})` };
      return { ok: true, detail: `${result.plan.files} files re-read and re-hashed: content, modes and times equal the snapshot` };
    }
    case 'in-place':
      return placeBack(reader, item, progress);
    case 'git-repo': {
      const result = await restoreGit({ reader, snapshot, name: item.repo, target: item.destination, refs: [], force: false });
      return { ok: true, detail: `${Object.keys(result.refs).length} refs; ${result.verified.join(', ')}` };
    }
    case 'git-path': {
      const r = await restoreGitPath({ reader, snapshot, name: item.repo, at: item.at, path: item.gitPath, target: item.restoreInto });
      if (r.failures.length > 0) return { ok: false, detail: `${r.failures.length} files not restored: ${r.failures.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ')}` };
      return verifyGitFiles(reader, snapshot, item);
    }
    case 'git-ref': {
      const result = await restoreGit({ reader, snapshot, name: item.repo, target: item.remote, refs: [item.ref], ...(item.pushAs && { pushAs: { [item.ref]: item.pushAs } }), force: false });
      const at = `${item.pushAs ?? item.ref} is at ${item.commit.slice(0, 12)} on the live repository`;
      return { ok: true, detail: `${item.pushAs ? `${at}, a new branch for review (${item.ref} left as it is)` : at}; ${result.verified.join(', ')}` };
    }
    case 'git-pipeline': {
      const r = await restorePipeline({ reader, snapshot, name: item.repo, pipeline: item.pipeline, target: item.remote, branch: item.branch });
      return { ok: true, detail: `branch ${r.branch} (${r.commit.slice(0, 12)}) off live ${r.base}: the pushed branch holds ${item.pipeline} as the snapshot's blob ${r.blob.slice(0, 12)}` };
    }
  }
}

/** Every restored file hashes (as git does) to the blob id the snapshot's manifest lists. */
async function verifyGitFiles(reader: VaultReader, snapshot: string, item: Extract<SelectionItem, { type: 'git-path' }>): Promise<{ ok: boolean; detail: string }> {
  const { manifest } = await requireGitSource(reader, snapshot, item.repo);
  const files = manifest.files.filter(([p, mode]) => (p === item.gitPath || p.startsWith(`${item.gitPath}/`)) && mode !== '160000');
  const hashed = await git(['hash-object', '--stdin-paths'], { cwd: item.restoreInto, input: files.map(([p]) => p).join('\n') + '\n' });
  const ids = hashed.stdout.toString().trim().split('\n');
  const wrong = files.filter(([, , blob], i) => ids[i] !== blob).map(([p]) => p);
  if (wrong.length > 0) return { ok: false, detail: `${wrong.length} files differ from the snapshot: ${wrong.slice(0, 3).join(', ')}` };
  return { ok: true, detail: `${files.length} files hash to the blob ids of ${item.at} in the snapshot` };
}
