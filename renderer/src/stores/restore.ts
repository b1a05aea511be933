import { create } from 'zustand';
import type { JobView, RestorePlanView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { followJob } from './jobs.js';

export type WizardStep = 'select' | 'target' | 'plan' | 'run';

/** What a plan (or the run it became) was made for: any change to it sends the wizard back to Select. */
export interface Planned {
  vaultId: string;
  snapshot: string;
  paths: string[];
}

/** Where the items go: into a target folder, or back where they were (with what to do about the current copy). */
export type Placement = 'folder' | 'keep-both' | 'replace';

interface RestoreState {
  step: WizardStep;
  target: string;
  placement: Placement;
  plan: RestorePlanView | null;
  planned: Planned | null;
  confirm: string;
  jobId: string | null;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  setStep(step: WizardStep): void;
  setTarget(target: string): void;
  setPlacement(placement: Placement): void;
  setConfirm(confirm: string): void;
  makePlan(vaultId: string, snapshot: string, paths: string[]): Promise<void>;
  /** Runs the plan shown, by its id: the core refuses anything else. */
  start(opts?: { allowPipelineChanges: boolean }): Promise<void>;
  /** Stops the running restore at its next safe point. */
  cancel(): Promise<void>;
  /** The selection, snapshot or vault changed: the plan shown no longer describes it. */
  selectionChanged(): void;
  /** The identity locked: the plan is gone, a run's result stays for after the unlock. */
  lockedOut(): void;
  reset(): void;
}

export const samePlanned = (p: Planned, vaultId: string, snapshot: string | null, paths: string[]) =>
  p.vaultId === vaultId && p.snapshot === snapshot && p.paths.length === paths.length && p.paths.every((x, i) => x === paths[i]);

/**
 * The plan asked for last; a new selection, target or placement, or a reset, asks for none. A plan
 * still on its way when the operator changes the selection would otherwise arrive afterwards, open
 * the Plan step and offer to run what is no longer selected.
 */
let planAsked = 0;
const forgetPlanAsked = () => void ++planAsked;

export const useRestore = create<RestoreState>((set, get) => ({
  step: 'select',
  target: '',
  placement: 'folder',
  plan: null,
  planned: null,
  confirm: '',
  jobId: null,
  job: null,
  busy: false,
  error: null,
  setStep: (step) => set({ step, error: null }),
  setTarget: (target) => (forgetPlanAsked(), set({ target, plan: null })),
  setPlacement: (placement) => (forgetPlanAsked(), set({ placement, plan: null })),
  setConfirm: (confirm) => set({ confirm }),
  async makePlan(vaultId, snapshot, paths) {
    set({ confirm: '', plan: null });
    const asked = ++planAsked;
    await attempt(set, async () => {
      const { placement, target } = get();
      const where = placement === 'folder' ? { target } : { inPlace: placement };
      const plan = await api.call('restore.plan', { vaultId, snapshot, paths, ...where });
      if (asked === planAsked) set({ plan, planned: { vaultId, snapshot, paths: [...paths] }, step: 'plan' });
    }, { busy: 'busy' });
  },
  async start(opts) {
    const { plan, confirm } = get();
    if (!plan) return;
    await attempt(set, async () => {
      const { jobId } = await api.call('restore.start', { planId: plan.planId, confirm, allowPipelineChanges: !!opts?.allowPipelineChanges });
      set({ step: 'run', jobId, job: null, plan: null, confirm: '' });
      // A later restore (or a reset) takes the wizard over: this one's updates stop landing here.
      await followJob(jobId, (job) => get().jobId === jobId && set({ job }));
    }, { busy: 'busy' });
  },
  async cancel() {
    const { jobId } = get();
    if (!jobId) return;
    await attempt(set, async () => {
      const job = await api.call('jobs.cancel', { jobId });
      if (get().jobId === jobId) set({ job });
    });
  },
  selectionChanged: () => (forgetPlanAsked(), set({ step: 'select', plan: null, planned: null, confirm: '', error: null, ...(get().step === 'run' && { jobId: null, job: null }) })),
  lockedOut() {
    const { step, planned, jobId } = get();
    if (step === 'run' && planned && jobId) set({ plan: null, confirm: '', planned: { ...planned, paths: [] } });
    else get().reset();
  },
  reset: () => (forgetPlanAsked(), set({ step: 'select', plan: null, planned: null, confirm: '', jobId: null, job: null, error: null })),
}));
