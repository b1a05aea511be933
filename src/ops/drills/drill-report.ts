import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BlobStore } from '../../storage/blob-store.js';
import type { RecoveryIdentity } from '../../keys/identity.js';
import type { ConfigBody } from '../../vault/config.js';
import { signValue, verifyValue } from '../../crypto/sign.js';
import { genesisVault } from '../../vault/load-config.js';
import { firstVersion, getFirst } from '../../vault/listing.js';
import { DAY_MS } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';
import type { Scenario } from './scenario.js';
import type { DrillOutcome } from './run-drill.js';

export const DRILL_FORMAT = 'bulkhead-drill/1';

const stepSchema = z.object({ source: z.string(), kind: z.string(), writer: z.string().optional(), ok: z.boolean(), detail: z.string(), ms: z.number().int(), bytes: z.number().int(), items: z.number().int() });
const bodySchema = z.object({
  format: z.literal(DRILL_FORMAT),
  id: z.string(),
  vaultId: z.string(),
  scenario: z.object({ name: z.string(), description: z.string(), rtoTargetSeconds: z.number().int(), rpoTargetSeconds: z.number().int() }),
  snapshot: z.object({ id: z.string(), time: z.string() }),
  incident: z.string(),
  started: z.string(),
  finished: z.string(),
  sandbox: z.string(),
  containment: z.array(z.object({ step: z.string(), confirmed: z.boolean() })),
  steps: z.array(stepSchema),
  rtoSeconds: z.number().int(),
  rpoSeconds: z.number().int(),
  bytes: z.number().int(),
  items: z.number().int(),
  passed: z.boolean(),
  reasons: z.array(z.string()),
});
export type DrillReportBody = z.infer<typeof bodySchema>;
const reportSchema = z.object({ body: bodySchema, signature: z.string() });
export type DrillReport = z.infer<typeof reportSchema>;

/** The measured outcome against the scenario's targets. Times are whole seconds (canonical JSON holds integers). */
export function makeReport(args: { scenario: Scenario; outcome: DrillOutcome; config: ConfigBody; incident: Date; started: Date; finished: Date; sandbox: string; containmentConfirmed: boolean[] }): DrillReportBody {
  const { scenario, outcome } = args;
  const rtoSeconds = Math.ceil(outcome.rtoMs / 1000);
  // RPO by bounded time (a snapshot dated ahead by its writer cannot make the data loss look
  // smaller), from the oldest snapshot the drill recovered anything from.
  const rpoSeconds = Math.max(0, Math.round((args.incident.getTime() - new Date(outcome.oldest.at).getTime()) / 1000));
  const rtoTargetSeconds = Math.round(scenario.targets.rtoMinutes * 60);
  const rpoTargetSeconds = Math.round(scenario.targets.rpoHours * 3600);
  const reasons = [
    ...outcome.steps.filter((s) => !s.ok).map((s) => `${s.source}${s.writer ? ` (writer "${s.writer}")` : ''}: ${s.detail}`),
    ...(outcome.steps.length === 0 ? ['the snapshot holds nothing this scenario names'] : []),
    ...(rtoSeconds > rtoTargetSeconds ? [`RTO ${rtoSeconds} s is over the target of ${rtoTargetSeconds} s`] : []),
    ...(rpoSeconds > rpoTargetSeconds ? [`RPO ${rpoSeconds} s is over the target of ${rpoTargetSeconds} s`] : []),
  ];
  return {
    format: DRILL_FORMAT,
    id: randomBytes(8).toString('hex'),
    vaultId: args.config.vaultId,
    scenario: { name: scenario.name, description: scenario.description, rtoTargetSeconds, rpoTargetSeconds },
    snapshot: { id: outcome.snap.id, time: outcome.snap.time },
    incident: args.incident.toISOString(),
    started: args.started.toISOString(),
    finished: args.finished.toISOString(),
    sandbox: args.sandbox,
    containment: scenario.containment.map((step, i) => ({ step, confirmed: args.containmentConfirmed[i] ?? false })),
    steps: outcome.steps,
    rtoSeconds,
    rpoSeconds,
    bytes: outcome.steps.reduce((n, s) => n + s.bytes, 0),
    items: outcome.steps.reduce((n, s) => n + s.items, 0),
    passed: reasons.length === 0,
    reasons,
  };
}

export const reportKey = (body: DrillReportBody): string => `drills/${body.finished.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${body.id}.json`;

/** Signs the report with the custody key and writes it once, locked like everything else in the vault. */
export async function storeReport(store: BlobStore, config: ConfigBody, identity: RecoveryIdentity, body: DrillReportBody, now: Date): Promise<{ key: string; bytes: Buffer }> {
  const bytes = Buffer.from(JSON.stringify({ body, signature: signValue(identity.custodySeed, 'drill-report', body) }, null, 2) + '\n');
  const key = reportKey(body);
  await store.put(key, bytes, { retainUntil: new Date(now.getTime() + config.retention.days * DAY_MS), lockMode: config.retention.mode });
  return { key, bytes };
}

/** A report is genuine when the vault's custody key signed it and the vault holds these exact bytes. */
export async function verifyReport(store: BlobStore, bytes: Buffer, where: string): Promise<{ report: DrillReport; key: string; retainUntil: Date | undefined }> {
  let report: DrillReport;
  try {
    report = reportSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new BulkheadError('TAMPERED', `${where} is not a Bulkhead drill report`);
  }
  const vault = await genesisVault(store);
  if (!verifyValue(vault.custodyKey, 'drill-report', report.body, report.signature)) {
    throw new BulkheadError('TAMPERED', `${where}: the signature does not verify; the report was edited or was not signed by this vault's custody key`);
  }
  // One identity may keep several vaults: a genuine report of another (copied in by a writer that can
  // write here, as a local vault's can) is no evidence for this one.
  if (report.body.vaultId !== vault.vaultId) throw new BulkheadError('TAMPERED', `${where} is a report of vault ${report.body.vaultId}, not of this vault (${vault.vaultId}); it was copied here`);
  const key = reportKey(report.body);
  const stored = await firstVersion(store, key);
  if (!stored) throw new BulkheadError('NOT_FOUND', `${where} is signed, but ${store.url} holds no ${key}`);
  if (!(await getFirst(store, stored)).equals(bytes)) throw new BulkheadError('TAMPERED', `${where} differs from the copy locked in the vault (${key})`);
  return { report, key, retainUntil: (await store.head(key, stored.versionId))?.retainUntil };
}
