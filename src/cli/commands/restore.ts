import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { restore } from '../../ops/restore/restore.js';
import { parseSnapshotRef } from '../../ops/snapshot-ref.js';
import { operatorSnapshot } from '../chosen-snapshot.js';
import { restoreGit } from '../../ops/restore/restore-git.js';
import { gitSource } from '../../ops/restore/git-mirror.js';
import { restorePipeline } from '../../ops/restore/restore-pipeline.js';
import { restoreGitPath } from '../../ops/restore/restore-git-path.js';
import type { VaultReader } from '../../vault/reader.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withReader, type OperatorOptions } from '../session.js';
import { terminalProgress } from '../progress-bar.js';
import { bytes, printJson, say } from '../output.js';

export function registerRestore(program: Command, host: HostContext): void {
  operatorOptions(program.command('restore').description('restore a snapshot, a source, a folder or a file').argument('<ref>', 'SNAPSHOT[:NAME[/PATH]]'))
    .requiredOption('--target <dir>', 'where to restore (new or empty unless --overwrite)')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--overwrite', 'replace what the snapshot holds in a non-empty target')
    .option('--ref <ref>', 'git: push only this ref, e.g. refs/heads/main (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--force', 'git: replace refs that exist at another commit, or restore into a non-empty repository')
    .option('--allow-incomplete', 'git: restore a repository that was missing objects at backup (what exists, verified)')
    .option('--at <ref>', 'git: with --path, the commit or ref to take the files from')
    .option('--path <path>', 'git: a file or folder of the repository at --at')
    .option('--pipeline <path>', 'git: a pipeline file to put back on a new branch (--as-branch) of the live repo')
    .option('--as-branch <name>', 'git: the new branch for --pipeline (never the default branch)')
    .action(async (ref: string, opts: OperatorOptions & GitFlags & { target: string; dryRun?: boolean; overwrite?: boolean; ref: string[]; force?: boolean; allowIncomplete?: boolean }) => {
      const { snapshot: spec, path } = parseSnapshotRef(ref);
      await withReader(host, opts, async (reader) => {
        const snapshot = await operatorSnapshot(reader, spec); // "latest" passes over anomalous ones, on stderr
        if (await restoreGitPart(reader, snapshot, path, opts)) return;
        if (path && !path.includes('/') && !opts.dryRun && (await gitSource(reader, snapshot, path))) {
          const r = await restoreGit({ reader, snapshot, name: path, target: opts.target, refs: opts.ref, force: !!opts.force, allowIncomplete: !!opts.allowIncomplete });
          if (opts.json) return printJson(r);
          for (const w of r.warnings) say(`Note: ${w}`);
          const n = Object.keys(r.refs).length;
          say(`Restored ${n} ref${n === 1 ? '' : 's'} of ${path} from snapshot ${r.snapshot} into ${r.target}; verified: ${r.verified.join(', ')}`);
          for (const note of r.submodules) say(note);
          for (const note of r.notes) say(`Still to do: ${note}`);
          return;
        }
        if (opts.ref.length > 0) throw new BulkheadError('USAGE', `--ref applies to git sources; "${path}" is not one in snapshot ${snapshot}`);
        const bar = terminalProgress(!opts.json && !opts.dryRun);
        const result = await restore({
          reader, snapshot, path, target: opts.target, dryRun: !!opts.dryRun, overwrite: !!opts.overwrite, progress: bar.sink,
        }).finally(() => bar.stop());
        const { plan } = result;
        const summary = { snapshot: plan.snapshot, path: plan.path, target: result.target, files: plan.files, dirs: plan.dirs, symlinks: plan.symlinks, bytes: plan.bytes, packs: plan.packs, packBytes: plan.packBytes };
        if (opts.json) printJson({ ...summary, dryRun: !!opts.dryRun, restored: result.restored, failures: result.failures, refused: result.refused, seconds: result.seconds });
        else if (opts.dryRun) {
          say(`Plan: restore ${plan.files} files (${bytes(plan.bytes)}), ${plan.dirs} folders, ${plan.symlinks} symlinks from snapshot ${plan.snapshot}:/${plan.path}`);
          say(`      into ${result.target}, reading ${bytes(plan.packBytes)} from ${plan.packs} packs. Nothing was written (dry run).`);
          for (const item of plan.items.slice(0, 20)) say(`  ${item.entry.kind === 'dir' ? item.display + '/' : item.display}`);
          if (plan.items.length > 20) say(`  … and ${plan.items.length - 20} more`);
        } else if (result.failures.length === 0 && result.refused.length === 0) {
          say(`Restored ${plan.files} files (${bytes(plan.bytes)}) from snapshot ${plan.snapshot}:/${plan.path} into ${result.target}; every blob verified (${result.seconds}s)`);
        }
        if (!opts.json) for (const f of result.refused) process.stderr.write(`refused: ${f.path}: ${f.reason}\n`);
        if (!opts.json) for (const f of result.failures) process.stderr.write(`not restored: ${f.path}: ${f.reason}\n`);
        // Not a faithful restore: exit 1, with what could be restored kept in the target.
        const damaged = result.failures.length - plan.unreadable.length - plan.failedSources.length;
        const parts = [
          damaged > 0 && `${damaged} of ${plan.files} files failed verification and were left out`,
          plan.unreadable.length > 0 && `${plan.unreadable.length} folders could not be read and were left out`,
          plan.failedSources.length > 0 && `${plan.failedSources.length} sources failed at backup and hold nothing in this snapshot (${plan.failedSources.map((f) => f.path).join(', ')})`,
          result.refused.length > 0 && `${result.refused.length} entries were refused: their names could leave the target or collide (a forged snapshot?)`,
        ].filter(Boolean);
        if (parts.length > 0) {
          const where = result.restored ? `the rest is intact in ${result.target}` : 'nothing was written (dry run)';
          throw new BulkheadError('RESTORE_INCOMPLETE', `restore incomplete: ${parts.join('; ')}; ${where} (run "bulkhead check --read-data" for details)`);
        }
      });
    });
}

interface GitFlags {
  at?: string;
  path?: string;
  pipeline?: string;
  asBranch?: string;
  json?: boolean;
  target: string;
}

/** --at/--path and --pipeline: the parts of a repository; true when one of them was asked for. */
async function restoreGitPart(reader: VaultReader, snapshot: string, name: string, opts: GitFlags): Promise<boolean> {
  if (opts.pipeline) {
    if (!opts.asBranch) throw new BulkheadError('USAGE', '--pipeline needs --as-branch NAME: the restored pipeline goes on a new branch');
    const r = await restorePipeline({ reader, snapshot, name, pipeline: opts.pipeline, target: opts.target, branch: opts.asBranch });
    if (opts.json) printJson(r);
    else say(`Pushed branch ${r.branch} (${r.commit.slice(0, 12)}) off ${r.base} to ${opts.target}, restoring ${opts.pipeline}; open a review to merge it`);
    return true;
  }
  if (opts.at || opts.path) {
    if (!opts.at || !opts.path) throw new BulkheadError('USAGE', '--at REF and --path PATH go together');
    const r = await restoreGitPath({ reader, snapshot, name, at: opts.at, path: opts.path, target: opts.target });
    if (opts.json) printJson(r);
    else {
      const links = r.symlinks > 0 ? ` and ${r.symlinks} symlink(s)` : '';
      say(`Restored ${r.files} file(s)${links} of ${name}:${opts.path} at ${opts.at} into ${opts.target}, byte for byte; each verified by its blob id`);
      for (const s of r.submodules) say(`${s.path}: submodule at ${s.commit.slice(0, 12)} — its content is not in this backup`);
      for (const f of r.failures) process.stderr.write(`not restored: ${f.path}: ${f.reason}\n`);
    }
    if (r.failures.length > 0) throw new BulkheadError('RESTORE_INCOMPLETE', `restore incomplete: ${r.failures.length} file(s) were not restored; the rest is verified in ${opts.target}`);
    return true;
  }
  return false;
}
