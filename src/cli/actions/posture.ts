import type { HostContext } from '../../host/context.js';
import { posture, type PostureReport } from '../../ops/inspect/posture.js';
import { openVault } from '../../ops/open-vault.js';
import { lockMemoryPath } from '../../ops/paths.js';
import { BulkheadError } from '../../util/errors.js';
import { unlockIdentity } from '../secrets.js';
import { printJson, say } from '../output.js';

export async function runPosture(host: HostContext, opts: { store: string; identity?: string; shares?: string[]; passphraseFile?: string; rpoHours: string; json?: boolean }): Promise<void> {
  const store = await host.openStore(opts.store);
  const identity = opts.identity || opts.shares ? await unlockIdentity(opts.identity, opts) : undefined;
  let report: PostureReport;
  try {
    const reader = identity ? await openVault(store, identity, host.cacheRoot) : undefined;
    report = await posture({ store, ...(reader && { reader }), clock: host.clock, rpoHours: Number(opts.rpoHours), lockMemory: lockMemoryPath(store.url, host.cacheRoot) });
    reader?.close();
  } finally {
    identity?.wipe();
  }
  if (opts.json) printJson(report);
  else print(report);
  if (!report.immutable) throw new BulkheadError('IMMUTABLE', `${report.store} is not immutable: ${report.verdict.replace(/^NOT immutable: |^not immutable: /, '')}`);
  if (report.findings.length) throw new BulkheadError('POSTURE_FINDING', `${report.store} is immutable, but posture found ${report.findings.length} problem${report.findings.length === 1 ? '' : 's'}: ${report.findings.map((f) => f.code).join(', ')}`);
}

function print(r: PostureReport): void {
  say(`${r.immutable ? '✔' : '✘'} ${r.verdict}`);
  say(`  versioning ${r.versioning}, lock ${r.lockMode}${r.defaultRetentionDays ? ` (default ${r.defaultRetentionDays} days)` : ''}, ${r.objects} objects`);
  if (r.shortestRetention) say(`  shortest remaining lock on what the latest snapshots need: ${r.shortestRetention.remainingDays} days (${r.shortestRetention.key})`);
  // one line per finding; `--json` carries the same list as findings: [{ code, message, keys? }]
  for (const f of r.findings) if (f.code !== 'not-immutable') say(`  ⚠ ${f.message}${f.keys?.length && !f.message.includes(f.keys[0]!) ? `: ${f.keys.join(', ')}` : ''}`);
  for (const n of r.notes) say(`  note: ${n}`);
}
