import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { planSelection, type SelectionPlan } from '../../ops/restore/selection-plan.js';
import { isRemoteItem } from '../../ops/restore/selection-item.js';
import { deliberateWord } from '../../ops/restore/confirm-word.js';
import { restoreSelection } from '../../ops/restore/selection-restore.js';
import { BulkheadError } from '../../util/errors.js';
import { holdForJob, record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import type { JobState } from './jobs.js';
import type { IssuedPlan } from './plans.js';
import { jobProgress, planStart, wholeRun } from './restore-progress.js';
import { refusePseudoFs } from './pseudo-fs.js';

/** Everything goes back into live repositories (refs, pipelines): no item lands in the target folder. */
const liveOnly = (plan: SelectionPlan) => plan.items.every(isRemoteItem);

/** What the operator types to confirm: the target folder's name, or else the first repository's. */
function confirmation(plan: SelectionPlan): { word: string; what: string } {
  if (liveOnly(plan)) {
    // The repositories' names are their snapshot writer's: one word per plan that names them all.
    const repos = [...new Set(plan.items.filter(isRemoteItem).map((i) => i.repo))];
    const word = repos.length === 1 ? deliberateWord(repos[0]!, plan.snap.id.slice(0, 8)) : `${repos.length} repositories`;
    return { word, what: `"${word}" (${repos.length === 1 ? "the repository's name" : 'how many repositories it pushes to'})` };
  }
  const folder = basename(plan.target) || plan.target;
  const word = plan.inPlace ? deliberateWord(folder, plan.snap.id.slice(0, 8)) : folder; // a target folder is the operator's own choice
  return { word, what: `${plan.inPlace ? "the live folder's" : "the target folder's"} name "${word}"` };
}

/** A plan that pushes commits into a live repository: their pipelines may run, and the operator may allow it. */
const pushesCommits = (plan: SelectionPlan) => plan.items.some((i) => i.type === 'git-ref' || i.type === 'git-pipeline' || (i.type === 'git-repo' && (i.refs?.length ?? 0) > 0));

function planView({ id, plan }: IssuedPlan) {
  return {
    planId: id,
    snapshot: plan.snap.id,
    time: plan.snap.time,
    target: plan.target,
    confirmWord: confirmation(plan).word,
    pushesCommits: pushesCommits(plan),
    items: plan.items.map((i) => ({
      source: i.source,
      destination: i.destination,
      kind: i.kind,
      files: i.files,
      bytes: i.bytes,
      exists: i.exists,
      writes: i.writes,
      ...(i.replaced && { replaced: i.replaced }),
      ...(i.leftOut && { leftOut: i.leftOut }),
      ...(i.runsCi && { runsCi: i.runsCi }),
      more: Math.max(0, i.files - i.writes.length),
    })),
    files: plan.files,
    bytes: plan.bytes,
    blocked: plan.blocked,
    inPlace: plan.inPlace ?? null,
  };
}

const jobView = (j: JobState): JobState => ({ ...j, verification: [...j.verification], items: j.items && { ...j.items } });

/** What the plan said was free at the target and is taken now: the plan no longer describes the run. */
function appeared(plan: SelectionPlan): string | undefined {
  // Back in place, each entry is linked in only where nothing is (and fails there otherwise).
  return plan.items.find((i) => !isRemoteItem(i) && i.type !== 'in-place' && i.type !== 'git-in-place' && !i.exists && existsSync(i.destination))?.destination;
}

export function restoreHandlers(deps: ConsoleDeps): HandlerGroup<'restore.plan' | 'restore.start' | 'jobs.get' | 'jobs.cancel' | 'jobs.list'> {
  return {
    'restore.plan': async ({ vaultId, snapshot, paths, target, inPlace }) => {
      if (!inPlace && !target) throw new BulkheadError('USAGE', 'choose a target folder, or restore back where it was');
      if (!inPlace && target) await refusePseudoFs(target, 'target folder');
      const plan = await planSelection(await deps.readers.reader(vaultId), snapshot, paths, target ?? '.', inPlace, deps.settings.get().inPlaceRoots);
      return planView(deps.plans.issue(vaultId, plan));
    },

    // Runs the plan the operator saw, by its id, or nothing: never one planned again from arguments.
    'restore.start': async ({ planId, confirm, allowPipelineChanges }) => {
      const { plan, vaultId } = deps.plans.take(planId);
      const vault = deps.vaults.get(vaultId);
      const allowed = !!allowPipelineChanges && pushesCommits(plan) ? '; pipeline changes allowed' : '';
    const summary = `plan ${planId}: ${plan.items.map((i) => `${i.source} → ${i.destination}`).join('; ')} (snapshot ${plan.snap.id}, ${plan.files} ${plan.files === 1 ? 'file' : 'files'}${allowed})`;
      const refuse = (why: string) => {
        record(deps, { action: 'restore', outcome: 'refused', vault: vault.name, detail: `${summary}: ${why}` });
        return new BulkheadError('USAGE', why);
      };
      const { word, what } = confirmation(plan);
      if (confirm !== word) throw refuse(`type ${what} to confirm`);
      if (plan.blocked.length > 0) throw refuse(plan.blocked[0]!);
      const taken = appeared(plan);
      if (taken) {
        deps.plans.spend(planId);
        throw refuse(`${taken} appeared since the plan was shown; show the plan again`);
      }
      const reader = await deps.readers.reader(vaultId);
      const release = holdForJob(deps, reader);
      deps.plans.spend(planId);
      const job = deps.jobs.start(
        'restore',
        `restore ${plan.items.length === 1 ? plan.items[0]!.source : `${plan.items.length} items`} → ${liveOnly(plan) ? plan.items[0]!.destination : plan.target}`,
        async (ctx) => {
          ctx.progress(planStart(plan)); // before the job is first shown: it runs this far at once
          await restoreSelection(reader, plan, { progress: jobProgress(ctx.progress), signal: ctx.signal, verified: ctx.verified, allowPipelineChanges: !!allowPipelineChanges });
          ctx.progress(wholeRun(plan)); // reached only when every item was restored and verified
        },
        (done) => {
          release();
          const checks = done.verification.map((v) => `${v.item}: ${v.ok ? 'verified' : 'FAILED'} (${v.detail})`).join('; ');
          const ok = done.status === 'done' && done.verification.every((v) => v.ok);
          const why = done.status === 'cancelled' ? `${done.error?.message ?? 'cancelled by the operator'}.` : (done.error?.message ?? '');
          record(deps, { action: 'restore', outcome: ok ? 'ok' : 'failed', vault: vault.name, detail: `${summary}. ${why} ${checks}`.trim() });
        },
        planId,
      );
      return { jobId: job.id };
    },

    'jobs.get': async ({ jobId }) => {
      const job = deps.jobs.get(jobId);
      if (!job) throw new BulkheadError('NOT_FOUND', 'no such job in this console session');
      return jobView(job);
    },
    'jobs.cancel': async ({ jobId }) => {
      const job = deps.jobs.get(jobId);
      if (!job) throw new BulkheadError('NOT_FOUND', 'no such job in this console session');
      if (job.kind !== 'restore') throw new BulkheadError('USAGE', 'only a restore can be cancelled; a drill runs to its end');
      if (!deps.jobs.cancel(jobId)) throw new BulkheadError('USAGE', `this restore already ended (${job.status})`);
      return jobView(job);
    },
    'jobs.list': async () => deps.jobs.list().map(jobView),
  };
}
