import { create } from 'zustand';
import type { JobView } from '../../../src/api/restore-methods.js';
import { api } from '../bridge.js';

/** The bottom strip: every job of this session, refreshed while one runs. */
interface JobsState {
  jobs: JobView[];
  refresh(): Promise<void>;
}

export const useJobs = create<JobsState>((set) => ({
  jobs: [],
  async refresh() {
    try {
      set({ jobs: await api.call('jobs.list', {}) });
    } catch {
      // the strip is a convenience; the wizard shows errors of its own job
    }
  },
}));

const POLL_MS = 300;

/** Follows one job until it ends, handing every view of it to onUpdate (the wizard, the drill guide). */
export async function followJob(jobId: string, onUpdate: (job: JobView) => void): Promise<void> {
  for (;;) {
    const job = await api.call('jobs.get', { jobId });
    onUpdate(job);
    if (job.status !== 'running') return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
