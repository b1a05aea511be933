import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { initVault } from '../../ops/init-vault.js';
import { enrollWriter } from '../../ops/enroll-writer.js';
import { BulkheadError } from '../../util/errors.js';
import { operatorOptions, withIdentity, type OperatorOptions } from '../session.js';
import { printJson, say } from '../output.js';

export function registerVault(program: Command, host: HostContext): void {
  const vault = program.command('vault').description('create a vault and enroll backup agents');
  operatorOptions(vault.command('init').description('create a vault governed by the recovery identity'))
    .option('--retention-days <n>', 'how long every object stays locked', '30')
    .action(async (opts: OperatorOptions & { retentionDays: string }) => {
      const days = Number(opts.retentionDays);
      await withIdentity(opts, async (identity) => {
        const store = await host.openStore(opts.store, { create: true });
        const config = await initVault({ store, identity, retentionDays: days, clock: host.clock });
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
        const cred = await enrollWriter({ store, identity, label: opts.label, clock: host.clock });
        await fsp.writeFile(opts.out, JSON.stringify(cred, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        const { writerId, vaultId } = cred.enrollment;
        if (opts.json) printJson({ writerId, vaultId, label: opts.label, file: opts.out });
        else say(`Writer "${opts.label}" (${writerId}) enrolled in vault ${vaultId}; its credential is in ${opts.out}`);
      });
    });
}
