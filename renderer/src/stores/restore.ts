import { create } from 'zustand';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

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

const POLL_MS = 300;

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
    set({ busy: true, error: null, confirm: '' });
    try {
      set({ plan: await api.call('restore.plan', { vaultId, snapshot, paths, target: get().target }), step: 'plan' });
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ busy: false });
    }
  },
  async start(vaultId, snapshot, paths) {
    set({ busy: true, error: null });
    try {
      const { jobId } = await api.call('restore.start', { vaultId, snapshot, paths, target: get().target, confirm: get().confirm });
      set({ step: 'run' });
      for (;;) {
        const job = await api.call('jobs.get', { jobId });
        set({ job });
        if (job.status !== 'running') break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ busy: false });
    }
  },
  reset: () => set({ step: 'select', plan: null, confirm: '', job: null, error: null }),
}));
