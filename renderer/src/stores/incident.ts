import { create } from 'zustand';
import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { vaultEpoch } from './epoch.js';
import { followJob } from './jobs.js';

/** One lineage of the incident: its snapshot ↔ live for its sources, one plan to bring them back, its run. */
export interface LineageState {
  sources: SourceDiff[] | null;
  plan: RestorePlanView | null;
  confirm: string;
  jobId: string | null;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  /**
   * The snapshot before this one (of these sources) ↔ this one: what this latest good snapshot
   * already lacks. An agent's targeted strike (a branch, a workflow, a folder) is no anomaly, and the
   * next scheduled backup keeps its result as "good": live then shows nothing lost.
   */
  before: { id: string; sources: SourceDiff[] } | null;
  /**
   * The sources compared, one a line: a snapshot's group changes when newer snapshots arrive (one
   * becomes the latest good of some of its sources only); a result for another group is not this one's.
   */
  names: string;
}

/** Incident mode, keyed by the latest good snapshot of each group of sources (incident/lineages.ts). */
interface IncidentState {
  lineages: Record<string, LineageState>;
  /** That snapshot ↔ live for these sources; after a run, again (its plan and report stay); with `previous`, that one ↔ this one too. */
  compare(vaultId: string, snapshot: string, sources: string[], previous?: string): Promise<void>;
  makePlan(vaultId: string, snapshot: string, paths: string[]): Promise<void>;
  setConfirm(snapshot: string, confirm: string): void;
  start(snapshot: string, opts?: { allowPipelineChanges: boolean }): Promise<void>;
  /** Whether a restore of the incident is running or has a result to show. */
  hasJob(): boolean;
  reset(): void;
}

const FRESH: LineageState = { sources: null, plan: null, confirm: '', jobId: null, job: null, busy: false, error: null, before: null, names: '' };

/**
 * Live comparisons run one at a time: every group of sources is one, and a hijacked writer can make
 * many groups (snapshots under source names of its own) to load the operator's machine mid-incident.
 */
let comparing: Promise<unknown> = Promise.resolve();

export const useIncident = create<IncidentState>((set, get) => {
  const of = (snapshot: string) => get().lineages[snapshot] ?? FRESH;
  const patch = (snapshot: string, p: Partial<LineageState>) => set((s) => ({ lineages: { ...s.lineages, [snapshot]: { ...(s.lineages[snapshot] ?? FRESH), ...p } } }));
  // attempt() sets busy and error on what it is given: here, this lineage's state.
  const setter = (snapshot: string) => (p: Partial<LineageState>) => patch(snapshot, p);
  return {
    lineages: {},
    async compare(vaultId, snapshot, sources, previous) {
      const names = sources.join('\n');
      patch(snapshot, of(snapshot).jobId ? { sources: null, error: null, names } : { ...FRESH, names });
      const epoch = vaultEpoch();
      // Not another vault, not locked, and not asked again for another group of sources meanwhile.
      const current = () => epoch === vaultEpoch() && get().lineages[snapshot]?.names === names;
      const turn = comparing.then(() =>
        attempt(setter(snapshot), async () => {
          if (!current()) return;
          const found = await api.call('diff.run', { vaultId, from: snapshot, to: 'live', sources });
          if (current()) patch(snapshot, { sources: found.sources });
          if (!previous || !current()) return;
          const lost = await api.call('diff.run', { vaultId, from: previous, to: snapshot, sources });
          if (current()) patch(snapshot, { before: { id: previous, sources: lost.sources } });
        }, { busy: 'busy' }),
      );
      comparing = turn;
      patch(snapshot, { busy: true });
      await turn;
    },
    async makePlan(vaultId, snapshot, paths) {
      patch(snapshot, { plan: null, confirm: '' });
      const epoch = vaultEpoch();
      await attempt(setter(snapshot), async () => {
        const plan = await api.call('restore.plan', { vaultId, snapshot, paths, inPlace: 'replace' });
        if (epoch === vaultEpoch()) patch(snapshot, { plan });
      }, { busy: 'busy' });
    },
    setConfirm: (snapshot, confirm) => patch(snapshot, { confirm }),
    async start(snapshot, opts) {
      const { plan, confirm } = of(snapshot);
      if (!plan) return;
      await attempt(setter(snapshot), async () => {
        const { jobId } = await api.call('restore.start', { planId: plan.planId, confirm, allowPipelineChanges: !!opts?.allowPipelineChanges });
        patch(snapshot, { jobId, job: null, confirm: '' });
        await followJob(jobId, (job) => of(snapshot).jobId === jobId && patch(snapshot, { job }));
      }, { busy: 'busy' });
    },
    hasJob: () => Object.values(get().lineages).some((l) => l.jobId !== null),
    reset: () => set({ lineages: {} }),
  };
});
