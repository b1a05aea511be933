import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

export function registerLs(program: Command, host: HostSource): void {
  operatorOptions(program.command('ls').description('list a snapshot, a source or a folder in it').argument('<ref>', 'SNAPSHOT[:NAME[/PATH]]'))
    .action(lazyAction(host, async () => (await import('../actions/ls.js')).runLs));
}
