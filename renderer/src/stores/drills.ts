import { create } from 'zustand';
import type { DrillView } from '../../../src/api/drill-methods.js';
import type { JobView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { vaultEpoch } from './epoch.js';
import { followJob } from './jobs.js';

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
  /** The vault whose history `drills` holds (null until one loaded): an empty list then means none yet, not still loading. */
  historyOf: string | null;
  job: JobView | null;
  busy: boolean;
  error: string | null;
  load(vaultId: string): Promise<void>;
  run(args: { vaultId: string; scenario: string; snapshot: string; sandbox: string; containment: boolean[] }): Promise<void>;
}

/** The history asked for last: an earlier answer (the previous vault's, or from before a drill ended) is dropped. */
let historyAsked = 0;

export const useDrills = create<DrillsState>((set, get) => ({
  scenarios: [],
  drills: [],
  refused: [],
  historyOf: null,
  job: null,
  busy: false,
  error: null,
  async load(vaultId) {
    const [epoch, asked] = [vaultEpoch(), ++historyAsked];
    await attempt(set, async () => {
      const [scenarios, history] = await Promise.all([api.call('drills.scenarios', {}), api.call('drills.list', { vaultId })]);
      if (epoch === vaultEpoch() && asked === historyAsked) set({ scenarios, drills: history.drills, refused: history.refused, historyOf: vaultId });
    });
  },
  async run(args) {
    set({ job: null });
    const epoch = vaultEpoch();
    // Another vault chosen meanwhile: this drill's progress and its vault's history are not its page's (the job strip keeps the run).
    const here = () => epoch === vaultEpoch();
    await attempt(set, async () => {
      const { jobId } = await api.call('drills.start', { ...args, incident: null });
      await followJob(jobId, (job) => here() && set({ job }));
      if (here()) await get().load(args.vaultId);
    }, { busy: 'busy' });
  },
}));
