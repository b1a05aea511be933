import { promises as fsp } from 'node:fs';
import type { HostContext } from '../../host/context.js';
import { verifyReport } from '../../ops/drills/drill-report.js';
import { BulkheadError } from '../../util/errors.js';
import { printJson, say } from '../output.js';

/** `drill verify`: a report's signature and its locked copy in the vault (no drill code loads). */
export async function runVerify(host: HostContext, report: string, opts: { store: string; json?: boolean }): Promise<void> {
  const store = await host.openStore(opts.store);
  const bytes = report.startsWith('drills/') ? await store.get(report) : await fsp.readFile(report).catch(() => {
    throw new BulkheadError('NOT_FOUND', `cannot read ${report}`);
  });
  const { report: r, key, retainUntil } = await verifyReport(store, bytes, report);
  if (opts.json) return printJson({ report, genuine: true, scenario: r.body.scenario.name, finished: r.body.finished, passed: r.body.passed, stored: key, retainUntil: retainUntil?.toISOString() ?? null });
  say(`${report}: genuine. Drill "${r.body.scenario.name}" of ${r.body.finished}, ${r.body.passed ? 'passed' : 'failed'}; locked in the vault as ${key}${retainUntil ? ` until ${retainUntil.toISOString()}` : ''}.`);
}
