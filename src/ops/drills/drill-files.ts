import { damagedOf, restore } from '../restore/restore.js';
import { verifyRestored } from '../restore/verify-restore.js';
import type { DrillStep } from './drill-step.js';
import { sandboxPath } from './sandbox.js';
import type { DrillSubject } from '../kinds/kind-ops.js';

/** A folder or a stream (as its kind's registry entry says) restored into the sandbox, then re-hashed against the snapshot. */
export const drillFiles = (as: 'folder' | 'stream') => async ({ reader, snap, record, sandbox, step, signal }: DrillSubject): Promise<DrillStep> => {
  const stream = as === 'stream';
  const target = sandboxPath(sandbox, stream ? 'streams' : 'folders', record.name);
  const result = await restore({ reader, snapshot: snap.id, path: record.name, target, dryRun: false, overwrite: false, ...(signal && { signal }) });
  if (result.refused.length) return step(false, `${result.refused.length} entries refused, their names could leave the sandbox or collide (a forged snapshot?): ${result.refused.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ')}`, result.plan.bytes, result.plan.files);
  const unread = result.plan.unreadAtBackup;
  const damaged = damagedOf(result);
  if (damaged.length) return step(false, `${damaged.length} damaged files could not be restored: ${damaged.slice(0, 3).map((f) => f.path).join(', ')}`, result.plan.bytes, result.plan.files);
  // The backup itself was partial: what it holds restored, but the source is not recoverable whole.
  if (unread.length) return step(false, `the backup could not read ${unread.slice(0, 3).map((f) => f.path).join(', ')}${unread.length > 3 ? ', …' : ''}: the snapshot does not hold ${unread.length === 1 ? 'it' : 'them'}`, result.plan.bytes, result.plan.files);
  // the read-back inside the step's time too: a sparse file restores in no time and re-hashes in full (red team 3b)
  const diffs = await verifyRestored(reader, snap, record.name, target, { ...(signal && { signal }) });
  if (diffs.length) return step(false, `${diffs.length} differences after restore, first ${diffs[0]!.path}`, result.plan.bytes, result.plan.files);
  const what = stream ? 'the stream is byte-equal to the snapshot' : `${result.plan.files} ${result.plan.files === 1 ? 'file' : 'files'} re-hashed equal to the snapshot`;
  return step(true, what, result.plan.bytes, result.plan.files);
};
