import type { Command } from 'commander';
import { lazyHostless } from '../lazy-action.js';

/** keys split | combine | verify-share | show: M-of-N custody of the recovery identity. */
export function registerCustody(keys: Command): void {
  keys
    .command('split')
    .description('split the identity M-of-N into shares: words, a printable page (HTML, PDF) and a QR code each')
    .requiredOption('--identity <file>', 'the sealed recovery identity')
    .requiredOption('--threshold <m>', 'how many shares rebuild it')
    .requiredOption('--shares <n>', 'how many shares to make')
    .requiredOption('--out-dir <dir>', 'where to write the share files (one set per holder)')
    .option('--holders <names>', 'comma-separated holder names, in share order')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/keys-custody.js')).runSplit));

  keys
    .command('combine')
    .description('rebuild a sealed identity from a quorum of shares (asks for a new passphrase)')
    .argument('<shares...>', 'share files (the .txt, or any file of its words)')
    .requiredOption('--out <file>', 'where to write the rebuilt identity (0600)')
    .option('--passphrase-file <file>', 'read the new passphrase from a file')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/keys-custody.js')).runCombine));

  keys
    .command('verify-share')
    .description('prove a share is intact (and belongs to an identity) without unlocking anything')
    .argument('<share>', 'a share file')
    .option('--identity <file>', 'the sealed identity it should belong to (no passphrase needed)')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/keys-custody.js')).runVerifyShare));

  keys
    .command('show')
    .description('fingerprints, creation date, KDF cost and shares issued (no passphrase needed)')
    .requiredOption('--identity <file>', 'the sealed recovery identity')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/keys-custody.js')).runShow));
}

