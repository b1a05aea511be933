import { create } from 'zustand';
import type { FileDiffView, SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { vaultEpoch } from './epoch.js';

interface DiffState {
  from: string | null;
  to: string;
  sources: SourceDiff[] | null;
  /** Show only this source's changes (an anomaly of that source opened here), until cleared. */
  focus: string | null;
  /** Hide modification-time-only changes (on unless the operator turns it off). */
  contentOnly: boolean;
  /** When the shown comparison was made (ISO): a restore that ends later makes it stale. */
  ranAt: string | null;
  /** The comparison shown (or running): its sides, as run; the address names it. */
  ran: { from: string; to: string } | null;
  file: FileDiffView | null;
  loading: boolean;
  error: string | null;
  run(vaultId: string, from: string, to: string, focus?: string | null): Promise<void>;
  openFile(vaultId: string, path: string): Promise<void>;
  closeFile(): void;
  reset(): void;
}

/** The latest file diff asked for: an earlier one's answer, arriving after it, is dropped. */
let fileAsked = 0;

export const useDiff = create<DiffState>((set, get) => ({
  from: null,
  to: 'live',
  sources: null,
  focus: null,
  contentOnly: true,
  ranAt: null,
  ran: null,
  file: null,
  loading: false,
  error: null,
  async run(vaultId, from, to, focus = null) {
    // A comparison asked for elsewhere (an anomaly on the Dashboard) can start while a slower one
    // (against live) still runs: only the answer to the comparison the header names is shown.
    const ran = { from, to };
    set({ from, to, focus, file: null, sources: null, ranAt: new Date().toISOString(), ran });
    const epoch = vaultEpoch();
    await attempt(set, async () => {
      const { sources } = await api.call('diff.run', { vaultId, from, to });
      if (epoch === vaultEpoch() && get().ran === ran) set({ sources });
    }, { busy: 'loading' });
  },
  async openFile(vaultId, path) {
    // The sides compared, not the Against picker's current choice: the file is one of the listed changes.
    const { ran } = get();
    if (!ran) return;
    const { from, to } = ran;
    const epoch = vaultEpoch();
    const asked = ++fileAsked;
    await attempt(set, async () => {
      const file = await api.call('diff.file', { vaultId, from, to, path });
      if (epoch === vaultEpoch() && get().ran === ran && asked === fileAsked) set({ file });
    });
  },
  closeFile: () => set({ file: null }),
  reset: () => set({ sources: null, focus: null, ranAt: null, ran: null, file: null, error: null, from: null, to: 'live', loading: false }),
}));
