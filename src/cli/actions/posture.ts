import type { HostContext } from '../../host/context.js';
import { posture, type PostureReport } from '../../ops/inspect/posture.js';
import { openVault } from '../../ops/open-vault.js';
import { BulkheadError } from '../../util/errors.js';
import { unlockIdentity } from '../secrets.js';
import { printJson, say } from '../output.js';

export async function runPosture(host: HostContext, opts: { store: string; identity?: string; shares?: string[]; passphraseFile?: string; rpoHours: string; json?: boolean; allLocks?: boolean }): Promise<void> {
  const store = await host.openStore(opts.store);
  const identity = opts.identity || opts.shares ? await unlockIdentity(opts.identity, opts) : undefined;
  let report: PostureReport;
  try {
    // lazy: the snapshot list and counts caches answer posture; the index is loaded only if a tree must be counted
    const reader = identity ? await openVault(store, identity, host.cacheRoot, { lazyIndex: true, clock: host.clock }) : undefined;
    report = await posture({ store, ...(reader && { reader }), clock: host.clock, rpoHours: Number(opts.rpoHours), allLocks: opts.allLocks === true });
    reader?.close();
  } finally {
    identity?.wipe();
  }
  if (opts.json) printJson(report);
  else print(report);
  if (!report.immutable) throw new BulkheadError('IMMUTABLE', `${report.store} is not immutable: ${report.verdict.replace(/^NOT immutable: |^not immutable: /, '')}`);
  if (report.findings.length) throw new BulkheadError('POSTURE_FINDING', `${report.store} is immutable, but posture found ${problems(report)}`);
}

/** "3 problems: tampered ×2, stale-source": each kind once, however many a flood made (their findings are capped). */
function problems(r: PostureReport): string {
  const total = new Map<string, number>();
  for (const f of r.findings) total.set(f.code, (total.get(f.code) ?? 0) + 1);
  if (total.has('tampered')) total.set('tampered', r.tampered.length);
  if (total.has('untrusted-snapshot')) total.set('untrusted-snapshot', r.untrustedSnapshots.length);
  const n = [...total.values()].reduce((a, b) => a + b, 0);
  return `${n} problem${n === 1 ? '' : 's'}: ${[...total].map(([code, k]) => (k > 1 ? `${code} ×${k}` : code)).join(', ')}`;
}

function print(r: PostureReport): void {
  say(`${r.immutable ? '✔' : '✘'} ${r.verdict}`);
  say(`  versioning ${r.versioning}, lock ${r.lockMode}${r.defaultRetentionDays ? ` (default ${r.defaultRetentionDays} days)` : ''}, ${r.objects} objects`);
  if (r.shortestRetention) say(`  shortest remaining lock on what the latest snapshots need: ${r.shortestRetention.remainingDays} days (${r.shortestRetention.key})`);
  // one line per finding; `--json` carries the same list as findings: [{ code, message, keys? }]
  for (const f of r.findings) if (f.code !== 'not-immutable') say(`  ⚠ ${f.message}${f.keys?.length && !f.message.includes(f.keys[0]!) ? `: ${f.keys.join(', ')}` : ''}`);
  for (const n of r.notes) say(`  note: ${n}`);
}
