import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { addRecipient, listWriters, removeRecipient, revokeWriter } from '../../ops/vault-admin/vault-admin.js';
import { parseSealedIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { skippedConfigs } from '../skipped-configs.js';
import { readIdentityJson } from '../secrets.js';
import { operatorOptions, withIdentity, type OperatorOptions } from '../session.js';
import { printJson, say, shortTime, table } from '../output.js';

/** vault writers | revoke | recipients: who may add backups, and to whom they are encrypted. */
export function registerVaultCustody(vault: Command, host: HostContext): void {
  operatorOptions(vault.command('writers').description('enrolled backup agents: label, enrollment, revocation, last snapshot')).action(async (opts: OperatorOptions) => {
    await withIdentity(opts, async (identity) => {
      const writers = await listWriters({ store: await host.openStore(opts.store), identity });
      if (opts.json) return printJson(writers);
      const rows = writers.map((w) => [w.id.slice(0, 12), w.label, shortTime(w.enrolled), w.revoked ? `revoked ${shortTime(w.revoked)}` : 'active', w.lastSnapshot ? shortTime(w.lastSnapshot) : 'never']);
      say(table(['WRITER', 'LABEL', 'ENROLLED', 'STATUS', 'LAST SNAPSHOT'], rows));
    });
  });

  operatorOptions(vault.command('revoke').description('revoke a writer: its later snapshots are flagged untrusted everywhere'))
    .requiredOption('--writer <id>', 'writer id, unique id prefix, or label')
    .action(async (opts: OperatorOptions & { writer: string }) => {
      await withIdentity(opts, async (identity) => {
        const skipped = skippedConfigs();
        const body = await revokeWriter({ store: await host.openStore(opts.store), identity, clock: host.clock, writer: opts.writer, onSkipped: skipped.onSkipped });
        const w = body.writers.find((x) => x.revoked && (x.id.startsWith(opts.writer) || x.label === opts.writer))!;
        if (opts.json) return printJson({ writer: w.id, label: w.label, revoked: w.revoked, skippedConfigKeys: skipped.keys });
        say(`Writer "${w.label}" (${w.id.slice(0, 12)}) revoked at ${w.revoked}: snapshots it makes from now on are flagged untrusted.`);
        say('Also revoke its storage credentials (IAM keys) so it cannot add objects at all.');
      });
    });

  const recipients = vault.command('recipients').description('identities that new backups are encrypted to (e.g. a break-glass identity in a safe)');
  operatorOptions(recipients.command('add').description('also encrypt new packs and snapshots to another identity'))
    .requiredOption('--recipient <file>', 'the other sealed identity file (only its public key is read; no passphrase)')
    .option('--label <name>', 'what it is', 'break-glass')
    .action(async (opts: OperatorOptions & { recipient: string; label: string }) => {
      const other = parseSealedIdentity(await readIdentityJson(opts.recipient), opts.recipient);
      await withIdentity(opts, async (identity) => {
        const skipped = skippedConfigs();
        await addRecipient({ store: await host.openStore(opts.store), identity, clock: host.clock, onSkipped: skipped.onSkipped, publicKey: Buffer.from(other.publics.x25519, 'base64'), label: opts.label });
        if (opts.json) return printJson({ recipient: other.fingerprints.recipient, label: opts.label, added: true, skippedConfigKeys: skipped.keys });
        say(`Recipient ${groupFingerprint(other.fingerprints.recipient)} ("${opts.label}") added. New packs and snapshots are encrypted to it too;`);
        say('existing ones are not (they cannot be re-encrypted in immutable storage), and a new backup that');
        say('deduplicates against them leaves those parts readable only by the earlier recipients.');
      });
    });
  operatorOptions(recipients.command('remove').description('stop encrypting new data to an identity'))
    .requiredOption('--fingerprint <fp>', 'its recipient fingerprint')
    .action(async (opts: OperatorOptions & { fingerprint: string }) => {
      await withIdentity(opts, async (identity) => {
        const skipped = skippedConfigs();
        await removeRecipient({ store: await host.openStore(opts.store), identity, clock: host.clock, onSkipped: skipped.onSkipped, fingerprint: opts.fingerprint });
        if (opts.json) return printJson({ recipient: opts.fingerprint, removed: true, skippedConfigKeys: skipped.keys });
        say(`Recipient ${opts.fingerprint} removed from new backups. What was already encrypted to it stays readable by it.`);
      });
    });
}
