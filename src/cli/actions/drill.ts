import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { HostContext } from '../../host/context.js';
import { loadScenario } from '../../ops/drills/scenario.js';
import { drillAndReport } from '../../ops/drills/drill-pipeline.js';
import { reportHtml, reportLines, reportPdf, verdictLine } from '../../ops/drills/report-documents.js';
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
    if (!body.passed) {
      const steps = body.steps.some((s) => !s.ok) ? `: ${verdictLine(body)}` : '';
      throw new BulkheadError('CHECK_FAILED', `the drill failed (${body.reasons.length} ${body.reasons.length === 1 ? 'reason' : 'reasons'})${steps}; its report is stored as ${key}`);
    }
  });
}
