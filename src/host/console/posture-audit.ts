import type { PostureReport } from '../../ops/inspect/posture.js';
import { record, type ConsoleDeps } from './deps.js';
import { DAY_MS } from '../../util/clock.js';
import { boundedDetail } from '../../catalog/audit-log.js';

/**
 * The audit row of a posture check. The Dashboard checks posture on every visit: a row per visit
 * buried the log in identical lines, so a check is recorded when its result differs from the last
 * one recorded for that vault, and at least once a day as evidence that checks ran. A check that ran
 * and found problems is `findings`, not `failed` (which means it could not run); a local vault
 * whose only finding is being a local folder is what the operator chose, so `ok` with that verdict.
 */
export function recordPosture(deps: ConsoleDeps, vault: string, report: Pick<PostureReport, 'immutable' | 'lockMode' | 'verdict'> & { findings: readonly { code: string; message: string }[] }): void {
  const problems = report.findings.filter((f) => f.code !== 'not-immutable');
  const clean = problems.length === 0 && (report.immutable || report.lockMode === 'LOCAL');
  const detail = [report.verdict, ...problems.map((f) => f.message)].join('; ');
  recordIfNew(deps, vault, clean ? 'ok' : 'findings', detail);
}

/** A posture check that could not run: recorded like the others, on change or once a day. */
export function recordPostureFailure(deps: ConsoleDeps, vault: string, why: string): void {
  recordIfNew(deps, vault, 'failed', why);
}

function recordIfNew(deps: ConsoleDeps, vault: string, outcome: 'ok' | 'findings' | 'failed', detail: string): void {
  const last = deps.audit.last('posture', vault);
  const recent = last && deps.clock.now().getTime() - new Date(last.time).getTime() < DAY_MS;
  if (recent && last.outcome === outcome && last.detail === boundedDetail(detail)) return;
  record(deps, { action: 'posture', outcome, vault, detail });
}
