import { loadScenario, shippedScenarios } from '../../ops/drills/scenario.js';
import { drillAndReport, listDrillReports } from '../../ops/drills/drill-pipeline.js';
import type { DrillStep } from '../../ops/drills/run-drill.js';
import { sandboxFolder } from '../../ops/drills/sandbox.js';
import { verdictLine } from '../../ops/drills/report-documents.js';
import { BulkheadError } from '../../util/errors.js';
import { holdForJob, record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import { refusePseudoFs } from './pseudo-fs.js';

/** The drill guide and history: scenarios, a drill as a job, and every report the vault holds, verified. */
export function drillHandlers(deps: ConsoleDeps): HandlerGroup<'drills.scenarios' | 'drills.list' | 'drills.start'> {
  return {
    'drills.scenarios': async () =>
      shippedScenarios().map((name) => {
        const s = loadScenario(name);
        return { name, description: s.description, rtoMinutes: s.targets.rtoMinutes, rpoHours: s.targets.rpoHours, containment: s.containment };
      }),

    'drills.list': async ({ vaultId }) => {
      const { reports, refused } = await listDrillReports(await deps.readers.store(vaultId));
      const drills = reports.map(({ key, report: { body: b } }) => ({
        key,
        id: b.id,
        scenario: b.scenario.name,
        snapshot: b.snapshot.id,
        finished: b.finished,
        passed: b.passed,
        rtoSeconds: b.rtoSeconds,
        rtoTargetSeconds: b.scenario.rtoTargetSeconds,
        rpoSeconds: b.rpoSeconds,
        rpoTargetSeconds: b.scenario.rpoTargetSeconds,
        steps: b.steps.map(({ source, kind, ok, detail, writer }) => ({ source, kind, ok, detail, ...(writer !== undefined && { writer }) })),
        reasons: b.reasons,
        verdict: verdictLine(b),
      }));
      return { drills, refused };
    },

    'drills.start': async ({ vaultId, scenario: name, snapshot, sandbox, incident, containment }) => {
      const vault = deps.vaults.get(vaultId);
      if (!shippedScenarios().includes(name)) throw new BulkheadError('USAGE', `the console runs the shipped scenarios (${shippedScenarios().join(', ')}); run your own with "bulkhead drill run FILE"`);
      const scenario = loadScenario(name);
      const at = incident ? new Date(incident) : deps.clock.now();
      if (Number.isNaN(at.getTime())) throw new BulkheadError('USAGE', `${incident} is not a time`);
      if (sandbox) await refusePseudoFs(sandbox, 'sandbox folder');
      const folder = sandboxFolder(sandbox);
      const reader = await deps.readers.reader(vaultId);
      const release = holdForJob(deps, reader);
      const job = deps.jobs.start(
        'drill',
        `drill ${scenario.name} → ${folder}`,
        async (ctx) => {
          ctx.progress({ phase: 'restoring and verifying', done: 0, unit: 'items' });
          let done = 0;
          const onStep = (s: DrillStep) => {
            ctx.verified({ item: s.source, ok: s.ok, detail: s.ok || !s.writer ? s.detail : `writer "${s.writer}": ${s.detail}` });
            ctx.progress({ phase: 'restoring and verifying', done: ++done, unit: 'items' });
          };
          const { outcome, body, key } = await drillAndReport({ reader, scenario, snapshot, sandbox: folder, clock: deps.clock, incident: at, containmentConfirmed: containment, onStep });
          ctx.progress({ phase: body.passed ? 'passed' : 'failed', done: outcome.steps.length, total: outcome.steps.length, unit: 'items' });
          record(deps, { action: 'drill', outcome: body.passed ? 'ok' : 'failed', vault: vault.name, detail: `${scenario.name}: RTO ${body.rtoSeconds} s, RPO ${body.rpoSeconds} s, report ${key}` });
          if (!body.passed) throw new BulkheadError('CHECK_FAILED', `the drill failed${body.steps.some((x) => !x.ok) ? ` (${verdictLine(body)})` : ''}: ${body.reasons.join('; ')} (report ${key})`);
          return key;
        },
        release,
      );
      return { jobId: job.id };
    },
  };
}
