import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { initVault } from '../../ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../ops/vault-admin/enroll-writer.js';
import { BulkheadError } from '../../util/errors.js';
import { isWriterId } from '../../vault/key-grammar.js';
import { iamPolicies } from '../../ops/vault-admin/iam-policy.js';
import { parseS3Url } from '../../storage/s3/s3-url.js';
import { skippedConfigs } from '../skipped-configs.js';
import { operatorOptions, withIdentity, type OperatorOptions } from '../session.js';
import { printJson, say, sayErr } from '../output.js';
import { registerVaultCustody } from './vault-custody.js';

export function registerVault(program: Command, host: HostContext): void {
  const vault = program.command('vault').description('create a vault and enroll backup agents');
  operatorOptions(vault.command('init').description('create a vault governed by the recovery identity'))
    .option('--retention-days <n>', 'how long every object stays locked', '30')
    .option('--create-bucket', 's3: create the bucket with versioning, Object Lock and a COMPLIANCE default retention')
    .option('--allow-governance', 's3: accept a GOVERNANCE-mode bucket (undone by anyone with s3:BypassGovernanceRetention)')
    .action(async (opts: OperatorOptions & { retentionDays: string; createBucket?: boolean; allowGovernance?: boolean }) => {
      const days = Number(opts.retentionDays);
      if (!Number.isInteger(days) || days < 1) throw new BulkheadError('USAGE', `--retention-days must be a whole number ≥ 1, got "${opts.retentionDays}"`);
      await withIdentity(opts, async (identity) => {
        const createBucket = opts.createBucket ? { days, mode: opts.allowGovernance ? ('GOVERNANCE' as const) : ('COMPLIANCE' as const) } : undefined;
        const store = await host.openStore(opts.store, { create: true, ...(createBucket && { createBucket }) });
        const warn = (m: string) => sayErr(`bulkhead: warning: ${m}`);
        const config = await initVault({ store, identity, retentionDays: days, clock: host.clock, allowGovernance: !!opts.allowGovernance, warn });
        if (opts.json) printJson({ vaultId: config.vaultId, store: store.url, retentionDays: days, lockMode: config.retention.mode });
        else say(`Vault ${config.vaultId} created at ${store.url} (${config.retention.mode} retention, ${days} days)`);
      });
    });
  operatorOptions(vault.command('enroll').description('enroll a backup agent; writes its one-time credential'))
    .requiredOption('--label <name>', 'who this writer is (host, CI job)')
    .requiredOption('--out <file>', 'where to write WRITER.json (0600)')
    .action(async (opts: OperatorOptions & { label: string; out: string }) => {
      const exists = await fsp.stat(opts.out).then(() => true, () => false);
      if (exists) throw new BulkheadError('EXISTS', `${opts.out} already exists; choose another path for the new credential`);
      await withIdentity(opts, async (identity) => {
        const store = await host.openStore(opts.store);
        const skipped = skippedConfigs();
        const cred = await enrollWriter({ store, identity, label: opts.label, clock: host.clock, onSkipped: skipped.onSkipped });
        await fsp.writeFile(opts.out, JSON.stringify(cred, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        const { writerId, vaultId } = cred.enrollment;
        if (opts.json) printJson({ writerId, vaultId, label: opts.label, file: opts.out, skippedConfigKeys: skipped.keys });
        else say(`Writer "${opts.label}" (${writerId}) enrolled in vault ${vaultId}; its credential is in ${opts.out}`);
      });
    });
  vault
    .command('policy')
    .description('print least-privilege IAM policies for the backup agent and the operator (no delete anywhere)')
    .requiredOption('--store <url>', 'the vault: s3://BUCKET[/PREFIX]')
    .option('--retention-days <n>', "the vault's retention: the agent may not lock objects much longer", '30')
    .option('--writer <id>', "one agent's policy: its index segments only under index/<id>/, and no other agent's read (the id `vault enroll` printed)")
    .option('--json', 'the same JSON (this verb prints nothing else); accepted like on every verb')
    .action((opts: { store: string; retentionDays: string; writer?: string; json?: boolean }) => {
      if (!opts.store.startsWith('s3://')) throw new BulkheadError('USAGE', 'IAM policies are for s3:// stores, e.g. --store s3://my-vault/prod');
      const days = Number(opts.retentionDays);
      if (!Number.isInteger(days) || days < 1) throw new BulkheadError('USAGE', `--retention-days must be a whole number ≥ 1, got "${opts.retentionDays}"`);
      const { bucket, prefix } = parseS3Url(opts.store);
      const writer = opts.writer?.replace(/-/g, ''); // as printed, grouped or not
      if (writer !== undefined && !isWriterId(writer)) throw new BulkheadError('USAGE', `--writer takes a writer id as "vault enroll" and "vault writers" print it (26 letters A–Z and digits 2–7), got "${opts.writer}"`);
      printJson(iamPolicies(bucket, prefix, days, writer));
    });
  registerVaultCustody(vault, host);
}
