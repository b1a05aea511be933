import { create } from 'zustand';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { followJob } from './jobs.js';

export type WizardStep = 'select' | 'target' | 'plan' | 'run';

interface RestoreState {
  step: WizardStep;
  target: string;
  plan: RestorePlanView | null;
  confirm: string;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  setStep(step: WizardStep): void;
  setTarget(target: string): void;
  setConfirm(confirm: string): void;
  makePlan(vaultId: string, snapshot: string, paths: string[]): Promise<void>;
  start(vaultId: string, snapshot: string, paths: string[]): Promise<void>;
  reset(): void;
}

export const useRestore = create<RestoreState>((set, get) => ({
  step: 'select',
  target: '',
  plan: null,
  confirm: '',
  job: null,
  busy: false,
  error: null,
  setStep: (step) => set({ step, error: null }),
  setTarget: (target) => set({ target, plan: null }),
  setConfirm: (confirm) => set({ confirm }),
  async makePlan(vaultId, snapshot, paths) {
    set({ confirm: '' });
    await attempt(set, async () => {
      set({ plan: await api.call('restore.plan', { vaultId, snapshot, paths, target: get().target }), step: 'plan' });
    }, { busy: 'busy' });
  },
  async start(vaultId, snapshot, paths) {
    await attempt(set, async () => {
      const { jobId } = await api.call('restore.start', { vaultId, snapshot, paths, target: get().target, confirm: get().confirm });
      set({ step: 'run' });
      await followJob(jobId, (job) => set({ job }));
    }, { busy: 'busy' });
  },
  reset: () => set({ step: 'select', plan: null, confirm: '', job: null, error: null }),
}));
