import { count } from '../format.js';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';

/** The verification report to paste into the incident channel: plain text, every item's check. */
export function incidentReport(vault: string, plan: RestorePlanView, job: JobView): string {
  const ok = job.status === 'done' && job.verification.every((v) => v.ok);
  const verdict = job.status === 'cancelled' ? '■ cancelled by the operator' : ok ? '✔ restored and verified' : '✖ NOT fully restored: see the ✖ lines';
  return [
    `Bulkhead incident restore, vault ${vault}: ${verdict}`,
    `Snapshot ${plan.snapshot} (${plan.time}), the latest good one, against the live sources`,
    `Plan ${job.planId ?? plan.planId}: ${count(plan.items.length, 'item')}, ${count(plan.files, 'file')}; started ${job.started}, finished ${job.finished ?? 'not yet'}`,
    ...(job.error ? [`Error: ${job.error.message}`] : []),
    ...job.verification.map((v) => `${v.ok ? '✔' : '✖'} ${v.item}: ${v.detail}`),
  ].join('\n');
}
