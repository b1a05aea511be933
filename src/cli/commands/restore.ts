import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { collect, operatorOptions } from '../operator-options.js';

/** `bulkhead restore`'s arguments and flags; what it does is in actions/restore.ts, loaded when it runs. */
export function registerRestore(program: Command, host: HostSource): void {
  operatorOptions(program.command('restore').description('restore a snapshot, a source, a folder or a file').argument('<ref>', 'SNAPSHOT[:NAME[/PATH]]'))
    .requiredOption('--target <dir>', 'where to restore (new or empty unless --overwrite); - writes one file or a stream source to standard output')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--overwrite', 'replace what the snapshot holds in a non-empty target')
    .option('--ref <ref>', 'git: push only this ref, e.g. main or refs/heads/main (repeatable)', collect, [])
    .option('--allow-pipeline-changes', "git: push refs, or a --pipeline file, whose pipeline files differ from the live default branch (a push runs them, with the repository's secrets)")
    .option('--force', 'git: replace refs that exist at another commit, or restore into a non-empty repository')
    .option('--allow-incomplete', 'git: restore a repository that was missing objects at backup (what exists, verified)')
    .option('--at <ref>', 'git: with --path, the commit or ref to take the files from')
    .option('--path <path>', 'git: a file or folder of the repository at --at')
    .option('--pipeline <path>', 'git: a pipeline file to put back on a new branch (--as-branch) of the live repo')
    .option('--as-branch <name>', 'git: the new branch for --pipeline (never the default branch)')
    .action(lazyAction(host, async () => (await import('../actions/restore.js')).runRestore));
}
