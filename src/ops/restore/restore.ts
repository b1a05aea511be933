import { promises as fsp } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { snapshotFor } from '../snapshot-ref.js';
import { applyMeta, materialize, type FileFailure } from '../../sources/dir/materialize.js';
import { BulkheadError } from '../../util/errors.js';
import { makeStaging, removeStaging } from './staging.js';
import { formatBytes } from '../../util/bytes.js';
import { noProgress, type ProgressSink } from '../../util/progress.js';
import { planRestore, plannedGaps, type RestorePlan } from './restore-plan.js';
import { holeBytes } from './hole-bytes.js';

export interface RestoreArgs {
  reader: VaultReader;
  snapshot: string;
  path: string;
  target: string;
  dryRun: boolean;
  overwrite: boolean;
  progress?: ProgressSink;
  /** Checked at every file written: an aborted restore removes its staging folder and puts nothing in place. */
  signal?: AbortSignal;
}

export interface RestoreResult {
  plan: RestorePlan;
  target: string;
  restored: boolean;
  /** Damaged files and unreadable folders, left out; the rest is restored. */
  failures: FileFailure[];
  /** Entries whose names could escape the target or collide (a forged tree): never created. */
  refused: FileFailure[];
  seconds: number;
}

/** The failures of a run but the entries its snapshot never held (unreadable at backup): what went wrong in the vault or the write. */
export const damagedOf = (r: Pick<RestoreResult, 'plan' | 'failures'>): FileFailure[] => r.failures.filter((f) => !r.plan.unreadAtBackup.includes(f));

/**
 * Restores into a fresh folder beside the target and moves it into place only at the end, so an
 * interrupted restore never leaves a half-written target. Damaged files are left out and listed;
 * refused entries (names that could leave the target) are never created and listed apart.
 */
export async function restore(args: RestoreArgs): Promise<RestoreResult> {
  const started = performance.now();
  const target = resolve(args.target);
  const snap = await snapshotFor(args.reader, args.snapshot, args.path.split('/')[0] || undefined);
  const plan = await planRestore(args.reader, snap, args.path, { toRun: true, runsNext: !args.dryRun });
  const state = await targetState(target);
  if (state === 'file') throw new BulkheadError('TARGET_NOT_EMPTY', `${target} is a file; restore into a directory`);
  if (state === 'non-empty' && !args.overwrite) {
    throw new BulkheadError('TARGET_NOT_EMPTY', `${target} is not empty; choose an empty or new folder, or pass --overwrite to replace what the snapshot holds`);
  }
  const result = { plan, target, failures: plannedGaps(plan), refused: plan.refused };
  if (args.dryRun) return { ...result, restored: false, seconds: 0 };
  // A plan made earlier (the console's, shown before a click): its workers start now, beside the checks below.
  args.reader.expectRestore(plan.bytes);
  await fsp.mkdir(dirname(target), { recursive: true });
  await requireSpace(dirname(target), plan.bytes - holeBytes(args.reader, plan));
  const staging = makeStaging(dirname(target), `.${basename(target)}.bulkhead-restore-`);
  try {
    const progress = args.progress ?? noProgress;
    const { signal } = args;
    const sink: ProgressSink = signal ? (e) => (signal.throwIfAborted(), progress(e)) : progress;
    result.failures.push(...(await materialize(staging, plan.items, args.reader, sink)));
    if (plan.rootEntry) applyMeta(staging, plan.rootEntry);
    signal?.throwIfAborted();
    await moveIntoPlace(staging, target, state);
  } catch (e) {
    await removeStaging(staging);
    throw e;
  }
  return { ...result, restored: true, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

/**
 * A restore that cannot fit is refused before it writes: sizes come from trees a hijacked writer
 * may have signed (one stored chunk named a million times is terabytes), and filling the
 * operator's disk mid-incident stops more than the restore. Runs of zeros are left as holes, so
 * they do not count (hole-bytes.ts).
 */
async function requireSpace(dir: string, bytes: number): Promise<void> {
  const fs = await fsp.statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (bytes > free) throw new BulkheadError('NO_SPACE', `this restore needs ${formatBytes(bytes)} and ${dir} has ${formatBytes(free)} free: nothing was written. Restore a part of it (SNAPSHOT:NAME/PATH), or into a larger file system`);
}

type TargetState = 'missing' | 'empty' | 'non-empty' | 'file';

async function targetState(target: string): Promise<TargetState> {
  const st = await fsp.lstat(target).catch(() => undefined);
  if (!st) return 'missing';
  if (!st.isDirectory()) return 'file';
  return (await fsp.readdir(target)).length === 0 ? 'empty' : 'non-empty';
}

async function moveIntoPlace(staging: string, target: string, state: TargetState): Promise<void> {
  if (state === 'empty') await fsp.rmdir(target);
  if (state !== 'non-empty') return fsp.rename(staging, target);
  // --overwrite: each restored top-level entry replaces the one of the same name.
  for (const name of await fsp.readdir(staging, { encoding: 'buffer' })) {
    const dest = Buffer.concat([Buffer.from(target + '/'), name]);
    await fsp.rm(dest, { recursive: true, force: true });
    await fsp.rename(Buffer.concat([Buffer.from(staging + '/'), name]), dest);
  }
  await fsp.rmdir(staging);
}
