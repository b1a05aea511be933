import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';

/** vault writers | revoke | recipients: who may add backups, and to whom they are encrypted. */
export function registerVaultCustody(vault: Command, host: HostSource): void {
  operatorOptions(vault.command('writers').description('enrolled backup agents: label, enrollment, revocation, last snapshot')).action(
    lazyAction(host, async () => (await import('../actions/vault-custody.js')).runWriters),
  );

  operatorOptions(vault.command('revoke').description('revoke a writer: its later snapshots are flagged untrusted everywhere'))
    .requiredOption('--writer <id>', 'writer id, unique id prefix, or label')
    .action(lazyAction(host, async () => (await import('../actions/vault-custody.js')).runRevoke));

  const recipients = vault.command('recipients').description('identities that new backups are encrypted to (e.g. a break-glass identity in a safe)');
  operatorOptions(recipients.command('add').description('also encrypt new packs and snapshots to another identity'))
    .requiredOption('--recipient <file>', 'the other sealed identity file (only its public key is read; no passphrase)')
    .option('--label <name>', 'what it is', 'break-glass')
    .action(lazyAction(host, async () => (await import('../actions/vault-custody.js')).runRecipientsAdd));
  operatorOptions(recipients.command('remove').description('stop encrypting new data to an identity'))
    .requiredOption('--fingerprint <fp>', 'its recipient fingerprint')
    .action(lazyAction(host, async () => (await import('../actions/vault-custody.js')).runRecipientsRemove));
}
