import { promises as fsp } from 'node:fs';
import type { HostContext } from '../../host/context.js';
import { initVault } from '../../ops/vault-admin/init-vault.js';
import { enrollWriter } from '../../ops/vault-admin/enroll-writer.js';
import { BulkheadError } from '../../util/errors.js';
import { skippedConfigs } from '../skipped-configs.js';
import { withIdentity } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { printJson, say, sayErr } from '../output.js';

export async function runInit(host: HostContext, opts: OperatorOptions & { retentionDays: string; createBucket?: boolean; allowGovernance?: boolean }): Promise<void> {
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
}

export async function runEnroll(host: HostContext, opts: OperatorOptions & { label: string; out: string }): Promise<void> {
  const exists = await fsp.stat(opts.out).then(() => true, () => false);
  if (exists) throw new BulkheadError('EXISTS', `${opts.out} already exists; choose another path for the new credential`);
  await withIdentity(opts, async (identity) => {
    const store = await host.openStore(opts.store);
    const skipped = skippedConfigs();
    const warn = (m: string) => sayErr(`bulkhead: warning: ${m}`);
    const cred = await enrollWriter({ store, identity, label: opts.label, clock: host.clock, onSkipped: skipped.onSkipped, warn });
    await fsp.writeFile(opts.out, JSON.stringify(cred, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    const { writerId, vaultId } = cred.enrollment;
    if (opts.json) printJson({ writerId, vaultId, label: opts.label, file: opts.out, skippedConfigKeys: skipped.keys });
    else say(`Writer "${opts.label}" (${writerId}) enrolled in vault ${vaultId}; its credential is in ${opts.out}`);
  });
}
