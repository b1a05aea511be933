import type { Command } from 'commander';
import type { HostContext } from '../../host/context.js';
import { posture, type PostureReport } from '../../ops/posture.js';
import { openVault } from '../../ops/open-vault.js';
import { lockMemoryPath } from '../../ops/paths.js';
import { BulkheadError } from '../../util/errors.js';
import { collectFiles, unlockIdentity } from '../secrets.js';
import { printJson, say } from '../output.js';

export function registerPosture(program: Command, host: HostContext): void {
  program
    .command('posture')
    .description('is the vault still immutable and current? (exit 1 when it is not immutable)')
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?…]')
    .option('--identity <file>', 'also check what the latest snapshots need and their age')
    .option('--shares <files>', 'instead of --identity: share files of a quorum, comma-separated or the option repeated', collectFiles)
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set BULKHEAD_PASSPHRASE)')
    .option('--rpo-hours <n>', 'a source whose newest snapshot is older is stale', '24')
    .option('--json', 'machine-readable output')
    .action(async (opts: { store: string; identity?: string; shares?: string[]; passphraseFile?: string; rpoHours: string; json?: boolean }) => {
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
    });
}

function print(r: PostureReport): void {
  say(`${r.immutable ? '✔' : '✘'} ${r.verdict}`);
  say(`  versioning ${r.versioning}, lock ${r.lockMode}${r.defaultRetentionDays ? ` (default ${r.defaultRetentionDays} days)` : ''}, ${r.objects} objects`);
  if (r.shortestRetention) say(`  shortest remaining lock on what the latest snapshots need: ${r.shortestRetention.remainingDays} days (${r.shortestRetention.key})`);
  if (r.unlockedObjects.count) say(`  ⚠ ${r.unlockedObjects.count} objects without a lock: ${r.unlockedObjects.keys.join(', ')}`);
  if (r.deleteMarkers.count) say(`  ⚠ ${r.deleteMarkers.count} delete markers (attempted deletions) ${r.deleteMarkers.first} – ${r.deleteMarkers.last}: ${r.deleteMarkers.keys.join(', ')}`);
  if (r.overwrites.count) say(`  ⚠ ${r.overwrites.count} attempted overwrites (later versions ignored): ${r.overwrites.keys.join(', ')}`);
  for (const s of r.staleSources) say(`  ⚠ source ${s.name}: newest snapshot ${s.ageHours} h old (RPO ${s.rpoHours} h)`);
  for (const t of r.tampered) say(`  ⚠ tampered: ${t}`);
  for (const u of r.untrustedSnapshots) say(`  ⚠ untrusted snapshot ${u}`);
  for (const n of r.notes) say(`  note: ${n}`);
}
