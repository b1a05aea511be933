import type { Command } from 'commander';
import { lazyHostless } from '../lazy-action.js';

/**
 * `bulkhead demo`: the whole job on the embedded default, a local immutable vault, by running the
 * real commands a newcomer would type, each printed before it runs.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create an identity and a local immutable vault, back up a sample tree, list it and restore it')
    .option('--dir <dir>', 'where to put the demo (default: a new temporary folder)')
    .action(lazyHostless(async () => (await import('../actions/demo.js')).runDemo));
}
