import type { VaultReader } from '../../vault/reader.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { getFirst, listResolved } from '../../vault/listing.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';
import type { Scenario } from './scenario.js';
import type { ForgeSandbox } from './sandbox.js';
import { runDrill, type DrillOutcome, type DrillStep } from './run-drill.js';
import { refuseKernelFs } from '../kernel-fs.js';
import { makeReport, storeReport, verifyReport, type DrillReport, type DrillReportBody } from './drill-report.js';

export interface DrillArgs {
  reader: VaultReader;
  scenario: Scenario;
  snapshot: string;
  sandbox: string;
  /** How the report names the sandbox (the folder, and a forge sandbox when there is one). */
  sandboxLabel?: string;
  forge?: ForgeSandbox;
  clock: Clock;
  incident: Date;
  containmentConfirmed: boolean[];
  onStep?: (step: DrillStep) => void;
}

/**
 * The one drill pipeline, for the CLI and the console alike: restore and verify what the scenario
 * names in the sandbox, measure, sign the report with the custody key and lock it in the vault.
 */
export async function drillAndReport(args: DrillArgs): Promise<{ outcome: DrillOutcome; body: DrillReportBody; key: string; bytes: Buffer }> {
  const { reader, scenario, clock } = args;
  await refuseKernelFs(args.sandbox, 'sandbox folder');
  const started = clock.now();
  const outcome = await runDrill({ reader, scenario, snapshot: args.snapshot, sandbox: args.sandbox, ...(args.forge && { forge: args.forge }), clock, ...(args.onStep && { onStep: args.onStep }) });
  const body = makeReport({ scenario, outcome, config: reader.config, incident: args.incident, started, finished: clock.now(), sandbox: args.sandboxLabel ?? args.sandbox, containmentConfirmed: args.containmentConfirmed });
  const { key, bytes } = await storeReport(reader.store, reader.config, reader.identity, body, clock.now());
  return { outcome, body, key, bytes };
}

/** Every drill report the vault holds, each verified (custody signature, locked bytes); newest first. */
export async function listDrillReports(store: BlobStore): Promise<{ reports: { key: string; report: DrillReport }[]; refused: string[] }> {
  const { objects } = await listResolved(store, 'drills/');
  const reports: { key: string; report: DrillReport }[] = [];
  const refused: string[] = [];
  for (const v of objects.values()) {
    try {
      const { report, key } = await verifyReport(store, await getFirst(store, v), v.key);
      // A genuine report's bytes under another key (copied by whoever can write here) is the same drill again, not another one.
      if (key !== v.key) throw new BulkheadError('TAMPERED', `a copy of ${key}, not a drill of its own`);
      reports.push({ key: v.key, report });
    } catch (e) {
      refused.push(`${v.key}: ${isBulkheadError(e) ? e.message : 'unreadable'}`);
    }
  }
  reports.sort((a, b) => (a.report.body.finished < b.report.body.finished ? 1 : -1));
  return { reports, refused };
}
