import { create } from 'zustand';
import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { vaultEpoch } from './epoch.js';
import { followJob } from './jobs.js';

/** Incident mode: the latest good snapshot ↔ live, one plan to bring all of it back, its run. */
interface IncidentState {
  snapshot: string | null;
  sources: SourceDiff[] | null;
  plan: RestorePlanView | null;
  confirm: string;
  jobId: string | null;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  /** Latest good ↔ live; after a run, again (its plan and report stay). */
  compare(vaultId: string, snapshot: string): Promise<void>;
  makePlan(vaultId: string, paths: string[]): Promise<void>;
  setConfirm(confirm: string): void;
  start(): Promise<void>;
  reset(): void;
}

const EMPTY = { snapshot: null, sources: null, plan: null, confirm: '', jobId: null, job: null, busy: false, error: null };

export const useIncident = create<IncidentState>((set, get) => ({
  ...EMPTY,
  async compare(vaultId, snapshot) {
    set(get().jobId ? { sources: null, error: null } : { ...EMPTY, snapshot });
    const epoch = vaultEpoch();
    await attempt(set, async () => {
      const { sources } = await api.call('diff.run', { vaultId, from: snapshot, to: 'live' });
      if (epoch === vaultEpoch() && get().snapshot === snapshot) set({ sources });
    }, { busy: 'busy' });
  },
  async makePlan(vaultId, paths) {
    const { snapshot } = get();
    if (!snapshot) return;
    set({ plan: null, confirm: '' });
    const epoch = vaultEpoch();
    await attempt(set, async () => {
      const plan = await api.call('restore.plan', { vaultId, snapshot, paths, inPlace: 'replace' });
      if (epoch === vaultEpoch()) set({ plan });
    }, { busy: 'busy' });
  },
  setConfirm: (confirm) => set({ confirm }),
  async start() {
    const { plan, confirm } = get();
    if (!plan) return;
    await attempt(set, async () => {
      const { jobId } = await api.call('restore.start', { planId: plan.planId, confirm });
      set({ jobId, job: null, confirm: '' });
      await followJob(jobId, (job) => get().jobId === jobId && set({ job }));
    }, { busy: 'busy' });
  },
  reset: () => set(EMPTY),
}));
