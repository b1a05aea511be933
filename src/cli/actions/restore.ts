import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { HostContext } from '../../host/context.js';
import { parseSnapshotRef, snapshotFor } from '../../ops/snapshot-ref.js';
import { planRequest, type RequestPlan } from '../../ops/restore/request-plan.js';
import { runSelection, type ItemOutcome } from '../../ops/restore/selection-restore.js';
import { plannedGaps, type RestorePlan } from '../../ops/restore/restore-plan.js';
import type { RestoreResult } from '../../ops/restore/restore.js';
import type { ItemResult } from '../../ops/restore/selection-item-run.js';
import { BulkheadError } from '../../util/errors.js';
import { counted } from '../../util/counted.js';
import { operatorSnapshot, sayOtherRuns } from '../chosen-snapshot.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { terminalProgress } from '../progress-bar.js';
import { restoreToStream, streamedFile } from '../../ops/restore/to-stream.js';
import { terminalStream } from '../terminal-stream.js';
import { oneLine } from '../../util/terminal-text.js';
import { bytes, printJson, say, sayErr } from '../output.js';

export interface RestoreFlags extends OperatorOptions {
  target: string;
  dryRun?: boolean;
  overwrite?: boolean;
  ref: string[];
  allowPipelineChanges?: boolean;
  force?: boolean;
  allowIncomplete?: boolean;
  at?: string;
  path?: string;
  pipeline?: string;
  asBranch?: string;
  json?: boolean;
}

/**
 * `bulkhead restore`: plans the restore (ops/restore/request-plan.ts), prints the plan for a dry run
 * or runs it (runSelection: written, then read back and checked, as the console runs its plans), and
 * prints what came back. Everything a restore decides is decided in ops.
 */
export async function runRestore(host: HostContext, ref: string, opts: RestoreFlags): Promise<void> {
  const { snapshot: spec, path } = parseSnapshotRef(ref);
  if ((opts.at || opts.path) && !opts.pipeline && (!opts.at || !opts.path)) throw new BulkheadError('USAGE', '--at REF and --path PATH go together');
  const notWithStdout = (['json', 'overwrite', 'force', 'allowIncomplete', 'at', 'path', 'pipeline', 'asBranch'] as const).filter((f) => opts[f]);
  if (opts.target === '-' && (notWithStdout.length > 0 || opts.ref.length > 0)) throw new BulkheadError('USAGE', `--target - writes one file to standard output; it does not go with ${[...notWithStdout.map(flag), ...(opts.ref.length ? ['--ref'] : [])].join(', ')}`);
  await withReader(host, opts, async (reader) => {
    const snapshot = await operatorSnapshot(reader, spec, path.split('/')[0] || undefined); // "latest" passes over anomalous ones, on stderr
    if (opts.target === '-') return toStdout(reader, await snapshotFor(reader, snapshot), path, opts);
    if (spec === 'latest' && !path) await sayOtherRuns(reader, snapshot, (name) => `bulkhead restore latest:${name} --target ${join(opts.target, name)}`);
    const planned = await planRequest(reader, {
      snapshot, path, target: opts.target, overwrite: !!opts.overwrite, refs: opts.ref, force: !!opts.force, allowIncomplete: !!opts.allowIncomplete,
      ...(opts.at && { at: opts.at }), ...(opts.path && { gitPath: opts.path }), ...(opts.pipeline && { pipeline: opts.pipeline }), ...(opts.asBranch && { asBranch: opts.asBranch }),
      dryRun: !!opts.dryRun,
    });
    if (opts.dryRun) return printPlan(planned, opts);
    const bar = terminalProgress(!opts.json);
    const out = await runSelection(reader, planned.plan, {
      allowPipelineChanges: !!opts.allowPipelineChanges,
      progress: (p) => bar.sink({ phase: p.phase, done: p.bytes.done, total: p.bytes.total || undefined, unit: 'bytes' }),
    }).finally(() => bar.stop());
    printOutcome(out.items[0]!, planned, opts);
  });
}

const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `--target -`: one file or a stream source's output on standard output, what was written on stderr. */
async function toStdout(reader: VaultReader, snap: SnapshotInfo, path: string, opts: RestoreFlags): Promise<void> {
  if (opts.dryRun) {
    const file = await streamedFile(reader, snap, path);
    return say(`Plan: write ${bytes(file.size)} of snapshot ${snap.id}:/${path} to standard output. Nothing was written (dry run).`);
  }
  // A terminal gets the content with control sequences escaped (the writer chose these bytes); a pipe the bytes.
  const terminal = process.stdout.isTTY ? terminalStream(process.stdout) : undefined;
  const written = await restoreToStream(reader, snap, path, terminal ?? process.stdout);
  if (terminal) await finished(terminal.end());
  sayErr(`Wrote ${bytes(written)} of snapshot ${snap.id}:/${path} to standard output; every blob verified${terminal ? ' (a terminal: control characters are shown escaped; pipe or redirect it for the bytes as they are)' : ''}`);
}

function printPlan({ plan, tree }: RequestPlan, opts: RestoreFlags): void {
  const item = plan.items[0]!;
  if (tree) {
    if (opts.json) printJson({ ...treeSummary(tree, plan.target), dryRun: true, restored: false, failures: plannedGaps(tree), refused: tree.refused, seconds: 0 });
    else {
      say(`Plan: restore ${counted(tree.files, 'file')} (${bytes(tree.bytes)}), ${counted(tree.dirs, 'folder')}, ${counted(tree.symlinks, 'symlink')} from snapshot ${tree.snapshot}:/${tree.path}`);
      say(`      into ${plan.target}, reading ${bytes(tree.packBytes)} from ${counted(tree.packs, 'pack')}. Nothing was written (dry run).`);
      for (const w of item.writes) say(`  ${w}`);
      if (tree.items.length > item.writes.length) say(`  … and ${tree.items.length - item.writes.length} more`);
      for (const f of tree.refused) sayErr(`refused: ${oneLine(f.path)}: ${oneLine(f.reason)}`);
      for (const f of plannedGaps(tree)) sayErr(`not restored: ${oneLine(f.path)}: ${oneLine(f.reason)}`);
    }
    if (plan.blocked.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', plan.blocked[0]!);
    // A dry run says what the restore would leave out, with the same exit code as the restore.
    incomplete(tree, { restored: false, failures: plannedGaps(tree), refused: tree.refused, target: plan.target });
    return;
  }
  const runsCi = item.runsCi ?? [];
  if (opts.json) {
    printJson({ dryRun: true, snapshot: plan.snap.id, target: plan.target, item: { type: item.type, source: item.source, destination: item.destination, kind: item.kind, files: item.files, bytes: item.bytes, writes: item.writes, runsCi }, blocked: plan.blocked });
  } else {
    const what = item.type === 'git-repo' ? `repository ${item.repo}` : item.type === 'git-path' ? `${item.gitPath} of ${item.repo} at ${item.at} (${item.files} files)` : `a pipeline of ${item.source}`;
    say(`Plan: restore ${what} from snapshot ${plan.snap.id} into ${item.destination}. Nothing was written (dry run).`);
    for (const w of item.writes) say(`  ${w}`);
    if (item.files > item.writes.length && item.type === 'git-path') say(`  … and ${item.files - item.writes.length} more`);
    for (const l of runsCi) say(`  ${l}${opts.allowPipelineChanges && DRIFT.test(l) ? ' (allowed: --allow-pipeline-changes)' : ''}`);
  }
  if (plan.blocked.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', plan.blocked[0]!);
  // A dry run exits as the run would: refs whose pipelines differ are refused unless allowed.
  const drift = runsCi.filter((l) => DRIFT.test(l));
  if (drift.length > 0 && !opts.allowPipelineChanges) {
    throw new BulkheadError('UNTRUSTED_SOURCE', `${counted(drift.length, 'ref')} would run the pipeline the snapshot's writer recorded, with the repository's secrets; the restore refuses ${drift.length === 1 ? 'it' : 'them'} unless allowed (--allow-pipeline-changes). Nothing was written (dry run)`);
  }
}

/** A plan line naming a ref whose pipeline files differ from live ("REF RUNS CI: …"), not one saying they were not compared. */
const DRIFT = /^\S+ RUNS CI: /;

function printOutcome(outcome: ItemOutcome, { plan, tree }: RequestPlan, opts: RestoreFlags): void {
  if (outcome.error) throw outcome.error;
  const r = outcome.result;
  if (!r) throw new BulkheadError('RESTORE_INCOMPLETE', outcome.detail);
  printResult(r, opts, plan.items[0]!.source);
  if (r.type === 'tree') {
    incomplete(tree ?? r.result.plan, r.result);
    const first = r.changes[0];
    if (first) throw new BulkheadError('CHECK_FAILED', `restore did not verify: ${r.changes.length} differences between ${r.result.target} and the snapshot, first ${first.path} (${first.type}${first.fields ? `: ${first.fields.join(', ')}` : ''})`);
  }
  if (r.type === 'git-path' && r.result.failures.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `restore incomplete: ${counted(r.result.failures.length, 'file')} not restored; the rest is verified in ${opts.target}`);
  if (!outcome.ok) throw new BulkheadError('CHECK_FAILED', `restore did not verify: ${outcome.detail}`);
}

function printResult(r: ItemResult, opts: RestoreFlags, source: string): void {
  if (r.type === 'tree') {
    const { result } = r;
    const plan = result.plan;
    if (opts.json) printJson({ ...treeSummary(plan, result.target), dryRun: false, restored: result.restored, failures: result.failures, refused: result.refused, seconds: result.seconds, differences: r.changes });
    else if (result.failures.length === 0 && result.refused.length === 0 && r.changes.length === 0) {
      say(`Restored ${counted(plan.files, 'file')} (${bytes(plan.bytes)}) from snapshot ${plan.snapshot}:/${plan.path} into ${result.target}; every blob verified, every file read back (${result.seconds}s)`);
    }
    if (!opts.json) for (const f of result.refused) sayErr(`refused: ${oneLine(f.path)}: ${oneLine(f.reason)}`);
    if (!opts.json) for (const f of result.failures) sayErr(`not restored: ${oneLine(f.path)}: ${oneLine(f.reason)}`);
    return;
  }
  if (r.type === 'in-place') return;
  if (opts.json) return printJson(r.result);
  if (r.type === 'git-repo' || r.type === 'git-ref') {
    for (const w of r.result.warnings) say(`Note: ${w}`);
    const n = Object.keys(r.result.refs).length;
    say(`Restored ${n} ref${n === 1 ? '' : 's'} of ${source.split('/')[0]} from snapshot ${r.result.snapshot} into ${r.result.target}; verified: ${r.result.verified.join(', ')}`);
    for (const note of r.result.submodules) say(note);
    for (const note of r.result.notes) say(`Still to do: ${note}`);
  } else if (r.type === 'git-pipeline') {
    for (const l of r.result.runsCi) say(`Note: ${l} (allowed: --allow-pipeline-changes)`);
    say(`Pushed branch ${r.result.branch} (${r.result.commit.slice(0, 12)}) off ${r.result.base} to ${opts.target}, restoring ${opts.pipeline}; open a review to merge it`);
  } else if (r.type === 'git-path') {
    const links = r.result.symlinks > 0 ? ` and ${r.result.symlinks} symlink(s)` : '';
    say(`Restored ${counted(r.result.files, 'file')}${links} of ${source}:${opts.path} at ${opts.at} into ${opts.target}, byte for byte; each verified by its blob id`);
    for (const s of r.result.submodules) say(`${s.path}: submodule at ${s.commit.slice(0, 12)} — its content is not in this backup`);
    for (const f of r.result.failures) sayErr(`not restored: ${oneLine(f.path)}: ${oneLine(f.reason)}`);
  }
}

const treeSummary = (plan: RestorePlan, target: string) => ({ snapshot: plan.snapshot, path: plan.path, target, files: plan.files, dirs: plan.dirs, symlinks: plan.symlinks, bytes: plan.bytes, packs: plan.packs, packBytes: plan.packBytes });

/** Not a faithful restore: exit 4 (incomplete), with what could be restored kept in the target. */
function incomplete(plan: RestorePlan, result: Pick<RestoreResult, 'restored' | 'failures' | 'refused' | 'target'>): void {
  const damaged = result.failures.length - plannedGaps(plan).length;
  const parts = [
    damaged > 0 && `${damaged} of ${plan.files} files failed verification and were left out`,
    plan.unreadable.length > 0 && `${plan.unreadable.length} folders could not be read and were left out`,
    plan.failedSources.length > 0 && `${plan.failedSources.length} sources failed at backup and hold nothing in this snapshot (${plan.failedSources.map((f) => f.path).join(', ')})`,
    plan.unreadAtBackup.length > 0 && `entries the backup could not read are not in this snapshot (${plan.unreadAtBackup.map((f) => f.path).slice(0, 5).join(', ')}${plan.unreadAtBackup.length > 5 ? ', …' : ''})`,
    result.refused.length > 0 && `${result.refused.length} entries were refused: their names could leave the target or collide (a forged snapshot?)`,
  ].filter(Boolean);
  if (parts.length === 0) return;
  const where = result.restored ? `the rest is intact in ${result.target}` : 'nothing was written (dry run)';
  throw new BulkheadError('RESTORE_INCOMPLETE', `restore incomplete: ${parts.join('; ')}; ${where} (run "bulkhead check --read-data" for details)`);
}
