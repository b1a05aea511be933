import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

export function registerSnapshots(program: Command, host: HostSource): void {
  operatorOptions(program.command('snapshots').description('list verified snapshots, oldest first, with what speaks against each')).action(
    lazyAction(host, async () => (await import('../actions/snapshots.js')).runSnapshots),
  );
}
