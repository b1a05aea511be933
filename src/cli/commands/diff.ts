import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

export function registerDiff(program: Command, host: HostSource): void {
  operatorOptions(
    program
      .command('diff')
      .description('what changed between two snapshots, or between a snapshot and the live sources')
      .argument('<snapA>', 'the earlier snapshot: SNAPSHOT[:NAME] (NAME: that source alone)')
      .argument('[snapB]', 'the later snapshot: SNAPSHOT[:NAME]'),
  )
    .option('--live', 'compare with the source paths on this machine')
    .action(lazyAction(host, async () => (await import('../actions/diff.js')).runDiff));
}
