import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';

export function registerConsole(program: Command, host: HostSource): void {
  program
    .command('console')
    .description('the recovery console: the desktop app, or with --web the same UI in a browser on this machine only')
    .option('--web', 'serve the console on 127.0.0.1 and print a one-time link')
    .option('--port <n>', 'port for --web (0 picks a free one)', '0')
    .option('--json', 'print the link as one JSON line ({"url","origin"}) for a script that opens it')
    .action(lazyAction(host, async () => (await import('../actions/console.js')).runConsole));
}
