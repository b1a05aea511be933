import { listResolved, getFirst } from '../../vault/listing.js';
import { loadScenario, shippedScenarios } from '../../ops/drills/scenario.js';
import { runDrill } from '../../ops/drills/run-drill.js';
import { makeReport, storeReport, verifyReport } from '../../ops/drills/drill-report.js';
import { sandboxFolder } from '../../ops/drills/sandbox.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { holdForJob, record, type ConsoleDeps, type HandlerGroup } from './deps.js';

/** The drill guide and history: scenarios, a drill as a job, and every report the vault holds, verified. */
export function drillHandlers(deps: ConsoleDeps): HandlerGroup<'drills.scenarios' | 'drills.list' | 'drills.start'> {
  return {
    'drills.scenarios': async () =>
      shippedScenarios().map((name) => {
        const s = loadScenario(name);
        return { name, description: s.description, rtoMinutes: s.targets.rtoMinutes, rpoHours: s.targets.rpoHours, containment: s.containment };
      }),

    'drills.list': async ({ vaultId }) => {
      const store = await deps.readers.store(vaultId);
      const { objects } = await listResolved(store, 'drills/');
      const drills = [];
      const refused: string[] = [];
      for (const v of objects.values()) {
        try {
          const { report } = await verifyReport(store, await getFirst(store, v), v.key);
          const b = report.body;
          drills.push({
            key: v.key,
            id: b.id,
            scenario: b.scenario.name,
            snapshot: b.snapshot.id,
            finished: b.finished,
            passed: b.passed,
            rtoSeconds: b.rtoSeconds,
            rtoTargetSeconds: b.scenario.rtoTargetSeconds,
            rpoSeconds: b.rpoSeconds,
            rpoTargetSeconds: b.scenario.rpoTargetSeconds,
            steps: b.steps.map(({ source, kind, ok, detail }) => ({ source, kind, ok, detail })),
            reasons: b.reasons,
          });
        } catch (e) {
          refused.push(`${v.key}: ${isBulkheadError(e) ? e.message : 'unreadable'}`);
        }
      }
      return { drills: drills.sort((a, b) => (a.finished < b.finished ? 1 : -1)), refused };
    },

    'drills.start': async ({ vaultId, scenario: name, snapshot, sandbox, incident, containment }) => {
      const vault = deps.vaults.get(vaultId);
      if (!shippedScenarios().includes(name)) throw new BulkheadError('USAGE', `the console runs the shipped scenarios (${shippedScenarios().join(', ')}); run your own with "bulkhead drill run FILE"`);
      const scenario = loadScenario(name);
      const at = incident ? new Date(incident) : deps.clock.now();
      if (Number.isNaN(at.getTime())) throw new BulkheadError('USAGE', `${incident} is not a time`);
      const folder = sandboxFolder(sandbox);
      const reader = await deps.readers.reader(vaultId);
      const release = holdForJob(deps, reader);
      const job = deps.jobs.start(
        'drill',
        `drill ${scenario.name} → ${folder}`,
        async (ctx) => {
          const started = deps.clock.now();
          ctx.progress({ phase: 'restoring and verifying', done: 0, unit: 'items' });
          const outcome = await runDrill({ reader, scenario, snapshot, sandbox: folder, clock: deps.clock });
          for (const s of outcome.steps) ctx.verified({ item: s.source, ok: s.ok, detail: s.detail });
          const body = makeReport({ scenario, outcome, config: reader.config, incident: at, started, finished: deps.clock.now(), sandbox: folder, containmentConfirmed: containment });
          const { key } = await storeReport(reader.store, reader.config, reader.identity, body, deps.clock.now());
          ctx.progress({ phase: body.passed ? 'passed' : 'failed', done: outcome.steps.length, total: outcome.steps.length, unit: 'items' });
          record(deps, { action: 'drill', outcome: body.passed ? 'ok' : 'failed', vault: vault.name, detail: `${scenario.name}: RTO ${body.rtoSeconds} s, RPO ${body.rpoSeconds} s, report ${key}` });
          if (!body.passed) throw new BulkheadError('CHECK_FAILED', `the drill failed: ${body.reasons.join('; ')} (report ${key})`);
          return key;
        },
        release,
      );
      return { jobId: job.id };
    },
  };
}
