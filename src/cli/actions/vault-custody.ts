import type { HostContext } from '../../host/context.js';
import { addRecipient, listWriters, removeRecipient, revokeWriter } from '../../ops/vault-admin/vault-admin.js';
import { parseSealedIdentity } from '../../keys/sealed-identity.js';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { skippedConfigs } from '../skipped-configs.js';
import { readIdentityJson } from '../secrets.js';
import { withIdentity } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { printJson, say, shortTime, table } from '../output.js';

/** vault writers | revoke | recipients add | recipients remove (declared in commands/vault-custody.ts). */
export async function runWriters(host: HostContext, opts: OperatorOptions): Promise<void> {
  await withIdentity(opts, async (identity) => {
    const writers = await listWriters({ store: await host.openStore(opts.store), identity });
    if (opts.json) return printJson(writers);
    const rows = writers.map((w) => [w.id.slice(0, 12), w.label, shortTime(w.enrolled), w.revoked ? `revoked ${shortTime(w.revoked)}` : 'active', w.lastSnapshot ? shortTime(w.lastSnapshot) : 'never']);
    say(table(['WRITER', 'LABEL', 'ENROLLED', 'STATUS', 'LAST SNAPSHOT'], rows));
  });
}

export async function runRevoke(host: HostContext, opts: OperatorOptions & { writer: string }): Promise<void> {
  await withIdentity(opts, async (identity) => {
    const skipped = skippedConfigs();
    const body = await revokeWriter({ store: await host.openStore(opts.store), identity, clock: host.clock, writer: opts.writer, onSkipped: skipped.onSkipped });
    const w = body.writers.find((x) => x.revoked && (x.id.startsWith(opts.writer) || x.label === opts.writer))!;
    if (opts.json) return printJson({ writer: w.id, label: w.label, revoked: w.revoked, skippedConfigKeys: skipped.keys });
    say(`Writer "${w.label}" (${w.id.slice(0, 12)}) revoked at ${w.revoked}: snapshots it makes from now on are flagged untrusted.`);
    say('Also revoke its storage credentials (IAM keys) so it cannot add objects at all.');
  });
}

export async function runRecipientsAdd(host: HostContext, opts: OperatorOptions & { recipient: string; label: string }): Promise<void> {
  const other = parseSealedIdentity(await readIdentityJson(opts.recipient), opts.recipient);
  await withIdentity(opts, async (identity) => {
    const skipped = skippedConfigs();
    await addRecipient({ store: await host.openStore(opts.store), identity, clock: host.clock, onSkipped: skipped.onSkipped, publicKey: Buffer.from(other.publics.x25519, 'base64'), label: opts.label });
    if (opts.json) return printJson({ recipient: other.fingerprints.recipient, label: opts.label, added: true, skippedConfigKeys: skipped.keys });
    say(`Recipient ${groupFingerprint(other.fingerprints.recipient)} ("${opts.label}") added. New packs and snapshots are encrypted to it too;`);
    say('existing ones are not (they cannot be re-encrypted in immutable storage), and a new backup that');
    say('deduplicates against them leaves those parts readable only by the earlier recipients.');
  });
}

export async function runRecipientsRemove(host: HostContext, opts: OperatorOptions & { fingerprint: string }): Promise<void> {
  await withIdentity(opts, async (identity) => {
    const skipped = skippedConfigs();
    await removeRecipient({ store: await host.openStore(opts.store), identity, clock: host.clock, onSkipped: skipped.onSkipped, fingerprint: opts.fingerprint });
    if (opts.json) return printJson({ recipient: opts.fingerprint, removed: true, skippedConfigKeys: skipped.keys });
    say(`Recipient ${opts.fingerprint} removed from new backups. What was already encrypted to it stays readable by it.`);
  });
}
