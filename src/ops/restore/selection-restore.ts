import type { VaultReader } from '../../vault/reader.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { noRestoreProgress, throttled, type RestoreProgressSink } from './run-progress.js';
import { runItem, type ItemResult } from './selection-item-run.js';
import type { SelectionPlan } from './selection-plan.js';
import { isRemoteItem } from './selection-item.js';
import { refuseKernelFs } from '../kernel-fs.js';

export interface ItemVerification {
  item: string;
  ok: boolean;
  detail: string;
}

export interface RunOptions {
  progress?: RestoreProgressSink;
  /** Aborting stops the run at its next file: see runSelection for what is left where. */
  signal?: AbortSignal;
  /** Each item's outcome, as soon as it is known. */
  verified?: (v: ItemVerification) => void;
  /** Git refs whose pipeline files differ from the live default branch may be pushed (restore-git.ts). */
  allowPipelineChanges?: boolean;
}

export interface ItemOutcome extends ItemVerification {
  result?: ItemResult;
  /** Why the item failed, when it threw (a typed error the CLI passes on). */
  error?: BulkheadError;
}

export interface SelectionOutcome {
  items: ItemOutcome[];
  /** Set when the run was cancelled: what was written, what was not, in one sentence. */
  cancelled?: string;
}

/**
 * The one way a restore runs, in the console and the CLI: a plan (planSelection) item by item,
 * each written then read back and checked against the snapshot. A blocked plan writes nothing. An
 * item that fails is reported and the rest go on. When the signal aborts, the item being written is
 * not put in place (its staging folder is removed), one being read back stays written but is named
 * unverified, items verified before stay, and later items are not started.
 */
export async function runSelection(reader: VaultReader, plan: SelectionPlan, opts: RunOptions = {}): Promise<SelectionOutcome> {
  if (plan.blocked.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', plan.blocked[0]!);
  for (const dest of new Set(plan.items.filter((i) => !isRemoteItem(i) && !i.destination.includes('://')).map((i) => i.destination))) await refuseKernelFs(dest, 'target folder');
  const { signal } = opts;
  const progress = throttled(opts.progress ?? noRestoreProgress);
  const items: ItemOutcome[] = [];
  const report = (o: ItemOutcome) => {
    items.push(o);
    opts.verified?.({ item: o.item, ok: o.ok, detail: o.detail });
  };
  for (const [index, item] of plan.items.entries()) {
    if (signal?.aborted) return { items, cancelled: cancelNote(plan, items, index) };
    const at = { phase: 'writing' };
    const tracked: RestoreProgressSink = (p) => ((at.phase = p.phase), progress(p));
    try {
      report({ item: item.source, ...(await runItem({ reader, plan, index, progress: tracked, ...(signal && { signal }), allowPipelineChanges: !!opts.allowPipelineChanges }, item)) });
    } catch (e) {
      if (signal?.aborted) {
        const where = at.phase === 'verifying' ? `cancelled by the operator while verifying: written to ${item.destination} but not verified` : 'cancelled by the operator while writing: nothing of it was put in place';
        report({ item: item.source, ok: false, detail: where });
        return { items, cancelled: cancelNote(plan, items, index + 1) };
      }
      const error = isBulkheadError(e) ? e : undefined;
      if (!error) throw e;
      report({ item: item.source, ok: false, detail: error.message, error });
    }
  }
  return { items };
}

function cancelNote(plan: SelectionPlan, items: ItemOutcome[], next: number): string {
  const ok = items.filter((i) => i.ok).map((i) => i.item);
  const stopped = items.slice(ok.length === items.length ? items.length : -1).filter((i) => !i.ok).map((i) => `${i.item} ${i.detail.replace(/^cancelled by the operator /, 'stopped ')}`);
  const rest = plan.items.slice(next).map((i) => i.source);
  return [
    'Cancelled by the operator',
    ok.length > 0 ? `${ok.length} of ${plan.items.length} items restored and verified before the cancel (${ok.slice(0, 3).join(', ')})` : 'no item was completed',
    ...stopped,
    rest.length > 0 && `not started: ${rest.slice(0, 3).join(', ')}${rest.length > 3 ? ` and ${rest.length - 3} more` : ''}`,
  ].filter(Boolean).join('; ');
}

/** The console's run: every item restored and verified, or a typed error saying which were not. */
export async function restoreSelection(reader: VaultReader, plan: SelectionPlan, opts: RunOptions = {}): Promise<void> {
  const out = await runSelection(reader, plan, opts);
  if (out.cancelled) throw new BulkheadError('RESTORE_INCOMPLETE', out.cancelled);
  const failed = out.items.filter((i) => !i.ok).length;
  if (failed > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `${failed} of ${plan.items.length} items were not restored or did not verify; see the list`);
}
