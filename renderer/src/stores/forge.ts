import { create } from 'zustand';
import type { ForgePlanView } from '../../../src/api/forge-methods.js';
import type { JobView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { followJob } from './jobs.js';

/** What the operator chose to put back into a forge: one change (by its key), or every restorable one. */
export interface ForgeChoice {
  vaultId: string;
  snapshot: string;
  source: string;
  /** The forge's name in sentences ("GitHub"), as the diff gave it. */
  forge: string;
  /** Step keys (SCOPE:TYPE:TARGET); empty for every restorable change of the source. */
  only: string[];
  /** The choice in words, shown before the plan. */
  label: string;
}

interface ForgeState {
  choice: ForgeChoice | null;
  plan: ForgePlanView | null;
  confirm: string;
  jobId: string | null;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  choose(choice: ForgeChoice): void;
  /** The token goes to the core with this call and nowhere else: the store never holds it. */
  makePlan(token: string): Promise<boolean>;
  setConfirm(confirm: string): void;
  start(opts?: { allowPipelineChanges: boolean }): Promise<void>;
  /** The identity locked: the plan (and the token the core held for it) is gone; a run's result stays. */
  lockedOut(): void;
  reset(): void;
}

export const useForge = create<ForgeState>((set, get) => ({
  choice: null,
  plan: null,
  confirm: '',
  jobId: null,
  job: null,
  busy: false,
  error: null,
  choose: (choice) => set({ choice, plan: null, confirm: '', jobId: null, job: null, error: null }),
  async makePlan(token) {
    const { choice } = get();
    if (!choice) return false;
    set({ plan: null, confirm: '' });
    return attempt(set, async () => {
      const plan = await api.call('forge.plan', { vaultId: choice.vaultId, snapshot: choice.snapshot, source: choice.source, only: choice.only, token });
      if (get().choice === choice) set({ plan });
    }, { busy: 'busy' });
  },
  setConfirm: (confirm) => set({ confirm }),
  async start(opts) {
    const { plan, confirm } = get();
    if (!plan) return;
    await attempt(set, async () => {
      const { jobId } = await api.call('forge.start', { planId: plan.planId, confirm, allowPipelineChanges: !!opts?.allowPipelineChanges });
      set({ jobId, job: null, confirm: '' });
      await followJob(jobId, (job) => get().jobId === jobId && set({ job }));
    }, { busy: 'busy' });
  },
  lockedOut() {
    if (get().jobId) set({ confirm: '' });
    else get().reset();
  },
  reset: () => set({ choice: null, plan: null, confirm: '', jobId: null, job: null, error: null, busy: false }),
}));
