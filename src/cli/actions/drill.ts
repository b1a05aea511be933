import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { HostContext } from '../../host/context.js';
import { loadScenario, shippedScenarios } from '../../ops/drills/scenario.js';
import { drillAndReport } from '../../ops/drills/drill-pipeline.js';
import { verifyReport } from '../../ops/drills/drill-report.js';
import { reportHtml, reportLines, reportPdf } from '../../ops/drills/report-documents.js';
import { forgeSandbox, sandboxFolder } from '../../ops/drills/sandbox.js';
import { refuseKernelFs } from '../../ops/kernel-fs.js';
import { BulkheadError } from '../../util/errors.js';
import { withReader } from '../session.js';
import type { OperatorOptions } from '../operator-options.js';
import { printJson, say } from '../output.js';

export interface RunOptions extends OperatorOptions {
  snapshot: string;
  sandbox?: string;
  incident?: string;
  containmentConfirmed?: boolean;
  reportDir?: string;
  sandboxOrg?: string;
  sandboxUrl?: string;
  sandboxTokenEnv: string;
}

export function runScenarios(_host: HostContext, opts: { json?: boolean }): void {
  const scenarios = shippedScenarios().map((name) => ({ name, scenario: loadScenario(name) }));
  if (opts.json) return printJson(scenarios.map(({ name, scenario: s }) => ({ name, description: s.description, targets: s.targets })));
  for (const { name, scenario: s } of scenarios) {
    say(`${name.padEnd(18)} RTO ${s.targets.rtoMinutes} min, RPO ${s.targets.rpoHours} h — ${s.description}`);
  }
}

export async function runDrill(host: HostContext, name: string, opts: RunOptions): Promise<void> {
  const scenario = loadScenario(name);
  const incident = opts.incident ? new Date(opts.incident) : host.clock.now();
  if (Number.isNaN(incident.getTime())) throw new BulkheadError('USAGE', `--incident ${opts.incident} is not a time; use ISO 8601, e.g. 2026-11-26T03:12:00Z`);
  const forge = forgeSandbox({ owner: opts.sandboxOrg, url: opts.sandboxUrl, tokenEnv: opts.sandboxTokenEnv, writeIntervalMs: Number(process.env.BULKHEAD_GITHUB_WRITE_INTERVAL_MS ?? 1000) });
  const sandbox = sandboxFolder(opts.sandbox);
  if (opts.reportDir) await refuseKernelFs(opts.reportDir, 'report folder'); // before the drill runs, not after
  const where = forge ? `${sandbox}; forge sandbox ${forge.owner}${forge.url ? ` at ${forge.url}` : ''}` : sandbox;
  await withReader(host, opts, async (reader) => {
    const containmentConfirmed = scenario.containment.map(() => !!opts.containmentConfirmed);
    const { body, key, bytes } = await drillAndReport({ reader, scenario, snapshot: opts.snapshot, sandbox, sandboxLabel: where, ...(forge && { forge }), clock: host.clock, incident, containmentConfirmed });
    if (opts.reportDir) {
      await fsp.mkdir(opts.reportDir, { recursive: true });
      const base = join(opts.reportDir, `drill-${body.scenario.name}-${body.id}`);
      await fsp.writeFile(`${base}.json`, bytes, { flag: 'wx' });
      await fsp.writeFile(`${base}.html`, reportHtml(body), { flag: 'wx' });
      await fsp.writeFile(`${base}.pdf`, await reportPdf(body), { flag: 'wx' });
    }
    if (opts.json) printJson({ ...body, stored: key });
    else {
      for (const line of reportLines(body)) say(line);
      say(`Stored in the vault as ${key}.`);
    }
    if (!body.passed) throw new BulkheadError('CHECK_FAILED', `the drill failed (${body.reasons.length} ${body.reasons.length === 1 ? 'reason' : 'reasons'}); its report is stored as ${key}`);
  });
}

export async function runVerify(host: HostContext, report: string, opts: { store: string; json?: boolean }): Promise<void> {
  const store = await host.openStore(opts.store);
  const bytes = report.startsWith('drills/') ? await store.get(report) : await fsp.readFile(report).catch(() => {
    throw new BulkheadError('NOT_FOUND', `cannot read ${report}`);
  });
  const { report: r, key, retainUntil } = await verifyReport(store, bytes, report);
  if (opts.json) return printJson({ report, genuine: true, scenario: r.body.scenario.name, finished: r.body.finished, passed: r.body.passed, stored: key, retainUntil: retainUntil?.toISOString() ?? null });
  say(`${report}: genuine. Drill "${r.body.scenario.name}" of ${r.body.finished}, ${r.body.passed ? 'passed' : 'failed'}; locked in the vault as ${key}${retainUntil ? ` until ${retainUntil.toISOString()}` : ''}.`);
}
