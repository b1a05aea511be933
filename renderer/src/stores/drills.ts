import { create } from 'zustand';
import type { DrillView } from '../../../src/api/drill-methods.js';
import type { JobView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

export interface ScenarioView {
  name: string;
  description: string;
  rtoMinutes: number;
  rpoHours: number;
  containment: string[];
}

interface DrillsState {
  scenarios: ScenarioView[];
  drills: DrillView[];
  refused: string[];
  job: JobView | null;
  busy: boolean;
  error: string | null;
  load(vaultId: string): Promise<void>;
  run(args: { vaultId: string; scenario: string; snapshot: string; sandbox: string; containment: boolean[] }): Promise<void>;
}

export const useDrills = create<DrillsState>((set, get) => ({
  scenarios: [],
  drills: [],
  refused: [],
  job: null,
  busy: false,
  error: null,
  async load(vaultId) {
    try {
      const [scenarios, history] = await Promise.all([api.call('drills.scenarios', {}), api.call('drills.list', { vaultId })]);
      set({ scenarios, drills: history.drills, refused: history.refused, error: null });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
  async run(args) {
    set({ busy: true, error: null, job: null });
    try {
      const { jobId } = await api.call('drills.start', { ...args, incident: null });
      for (;;) {
        const job = await api.call('jobs.get', { jobId });
        set({ job });
        if (job.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 300));
      }
      await get().load(args.vaultId);
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ busy: false });
    }
  },
}));
