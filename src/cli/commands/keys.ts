import type { Command } from 'commander';
import { lazyHostless } from '../lazy-action.js';
import { registerCustody } from './keys-custody.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('create and inspect the offline recovery identity');
  keys
    .command('init')
    .description('create a recovery identity sealed by a passphrase')
    .requiredOption('--out <file>', 'where to write the sealed identity (0600)')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--unlock-ms <ms>', 'how long one unlock should take on this machine: scrypt is calibrated to it, never below N=2^15', '500')
    .option('--json', 'print the fingerprints as JSON')
    .action(lazyHostless(async () => (await import('../actions/keys.js')).runInit));
  keys
    .command('passwd')
    .description('change the passphrase that seals the identity (the keys stay the same)')
    .requiredOption('--identity <file>', 'the sealed recovery identity')
    .option('--passphrase-file <file>', 'the current passphrase (or BULKHEAD_PASSPHRASE)')
    .option('--new-passphrase-file <file>', 'the new passphrase (or BULKHEAD_NEW_PASSPHRASE)')
    .option('--json', 'machine-readable output')
    .action(lazyHostless(async () => (await import('../actions/keys.js')).runPasswd));
  registerCustody(keys);
}
