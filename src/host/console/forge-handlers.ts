import { BulkheadError } from '../../util/errors.js';
import { holdForJob, record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import type { ForgePlanBook, IssuedForgePlan } from './forge-plans.js';
import { changeLine, planForge, runForge, stepKey } from './forge-run.js';

function planView(p: IssuedForgePlan) {
  const { what } = p;
  return {
    planId: p.id,
    snapshot: what.plan.snapshot,
    time: p.time,
    source: what.plan.source,
    forge: what.forge.kind,
    account: what.forge.account(what.plan),
    confirmWord: what.plan.confirm,
    steps: what.plan.steps.map((s) => ({ key: stepKey(s.change), type: s.change.type, scope: s.change.scope, ...(s.change.target && { target: s.change.target }), does: s.does, ...(s.cannot && { cannot: s.cannot }), ...(s.runsCi && { runsCi: s.runsCi }) })),
    notRestorable: what.plan.notRestorable.map((c) => ({ type: c.type, scope: c.scope, ...(c.target && { target: c.target }), ...(c.note && { note: c.note }) })),
  };
}

/** Restores of GitHub and GitLab sources: plan (with the operator's token), typed confirmation, a verified run, the audit log. */
export function forgeHandlers(deps: ConsoleDeps, book: ForgePlanBook): HandlerGroup<'forge.plan' | 'forge.start'> {
  return {
    'forge.plan': async ({ vaultId, snapshot, source, only, token }) => {
      const reader = await deps.readers.reader(vaultId);
      const { what, docs, time } = await planForge(reader, { snapshot, source, only, token });
      return planView(book.issue({ vaultId, what, docs, time, token }));
    },

    'forge.start': async ({ planId, confirm, allowPipelineChanges }) => {
      const p = book.take(planId);
      const vault = deps.vaults.get(p.vaultId);
      const { what } = p;
      const summary = `${what.forge.kind} plan ${planId}: ${what.plan.steps.map((s) => changeLine(s.change)).join('; ')} (source ${what.plan.source}, snapshot ${what.plan.snapshot}${allowPipelineChanges ? '; pipeline changes allowed' : ''})`;
      if (confirm !== what.plan.confirm) {
        record(deps, { action: 'restore', outcome: 'refused', vault: vault.name, detail: `${summary}: the confirmation did not match` });
        throw new BulkheadError('USAGE', `type "${what.plan.confirm}" to confirm`);
      }
      if (what.plan.steps.length === 0) throw new BulkheadError('USAGE', 'this plan puts nothing back');
      const reader = await deps.readers.reader(p.vaultId);
      const release = holdForJob(deps, reader);
      book.spend(planId);
      const title = `restore ${what.plan.steps.length === 1 ? changeLine(what.plan.steps[0]!.change) : `${what.plan.steps.length} changes of ${what.plan.confirm}`} (${what.forge.kind})`;
      const job = deps.jobs.start(
        'restore',
        title,
        (ctx) => runForge(reader, p, ctx, !!allowPipelineChanges),
        (done) => {
          release();
          const checks = done.verification.map((v) => `${v.item}: ${v.ok ? 'verified' : 'FAILED'} (${v.detail})`).join('; ');
          const ok = done.status === 'done' && done.verification.every((v) => v.ok);
          record(deps, { action: 'restore', outcome: ok ? 'ok' : 'failed', vault: vault.name, detail: `${summary}. ${done.error?.message ?? ''} ${checks}`.trim() });
        },
        planId,
      );
      return { jobId: job.id };
    },
  };
}
