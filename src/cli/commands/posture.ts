import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { collectFiles } from '../operator-options.js';

export function registerPosture(program: Command, host: HostSource): void {
  program
    .command('posture')
    .description('is the vault still immutable and current? (exit 7 when it is not immutable, 6 on any other finding)')
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?…]')
    .option('--identity <file>', 'also check what the latest snapshots need and their age')
    .option('--shares <files>', 'instead of --identity: share files of a quorum, comma-separated or the option repeated', collectFiles)
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set BULKHEAD_PASSPHRASE)')
    .option('--rpo-hours <n>', 'a source whose newest snapshot is older is stale', '24')
    .option('--all-locks', "ask every lock now: S3, also those seen run out at an earlier look (else those the latest snapshots need and a sample); a local vault, every retention file (else needed, new and a sample; all at least daily)")
    .option('--json', 'machine-readable output')
    .action(lazyAction(host, async () => (await import('../actions/posture.js')).runPosture));
}
