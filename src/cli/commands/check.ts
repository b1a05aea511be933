import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

export function registerCheck(program: Command, host: HostSource): void {
  operatorOptions(program.command('check').description('verify signatures, structure and (with --read-data) every byte'))
    .option('--read-data', 'read and verify every pack and blob')
    .action(lazyAction(host, async () => (await import('../actions/check.js')).runCheck));
}
