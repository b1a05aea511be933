import type { Command } from 'commander';
import { lazyAction, lazyHostless, type HostSource } from '../lazy-action.js';
import { operatorOptions } from '../operator-options.js';
import { registerVaultCustody } from './vault-custody.js';

export function registerVault(program: Command, host: HostSource): void {
  const vault = program.command('vault').description('create a vault and enroll backup agents');
  operatorOptions(vault.command('init').description('create a vault governed by the recovery identity'))
    .option('--retention-days <n>', 'how long every object stays locked', '30')
    .option('--create-bucket', 's3: create the bucket with versioning, Object Lock and a COMPLIANCE default retention')
    .option('--allow-governance', 's3: accept a GOVERNANCE-mode bucket (undone by anyone with s3:BypassGovernanceRetention)')
    .action(lazyAction(host, async () => (await import('../actions/vault.js')).runInit));
  operatorOptions(vault.command('enroll').description('enroll a backup agent; writes its one-time credential'))
    .requiredOption('--label <name>', 'who this writer is (host, CI job)')
    .requiredOption('--out <file>', 'where to write WRITER.json (0600)')
    .action(lazyAction(host, async () => (await import('../actions/vault.js')).runEnroll));
  vault
    .command('policy')
    .description('print least-privilege IAM policies for the backup agent and the operator (no delete anywhere)')
    .requiredOption('--store <url>', 'the vault: s3://BUCKET[/PREFIX]')
    .option('--retention-days <n>', "the vault's retention: the agent may not lock objects much longer", '30')
    .option('--writer <id>', "one agent's policy: its index segments only under index/<id>/, and no other agent's read (the id `vault enroll` printed)")
    .option('--allow-governance', 'a vault made with --allow-governance: its agent locks in GOVERNANCE mode (otherwise it may lock in COMPLIANCE mode only)')
    .option('--json', 'the same JSON (this verb prints nothing else); accepted like on every verb')
    .action(lazyHostless(async () => (await import('../actions/vault-policy.js')).runPolicy));
  registerVaultCustody(vault, host);
}
