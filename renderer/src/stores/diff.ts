import { create } from 'zustand';
import type { DiffRow, SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

interface DiffState {
  from: string | null;
  to: string;
  sources: SourceDiff[] | null;
  file: { path: string; rows: DiffRow[]; binary: boolean; truncated: boolean } | null;
  loading: boolean;
  error: string | null;
  run(vaultId: string, from: string, to: string): Promise<void>;
  openFile(vaultId: string, path: string): Promise<void>;
  closeFile(): void;
  reset(): void;
}

export const useDiff = create<DiffState>((set, get) => ({
  from: null,
  to: 'live',
  sources: null,
  file: null,
  loading: false,
  error: null,
  async run(vaultId, from, to) {
    set({ from, to, file: null, sources: null });
    await attempt(set, async () => set({ sources: (await api.call('diff.run', { vaultId, from, to })).sources }), { busy: 'loading' });
  },
  async openFile(vaultId, path) {
    const { from, to } = get();
    if (!from) return;
    await attempt(set, async () => set({ file: await api.call('diff.file', { vaultId, from, to, path }) }));
  },
  closeFile: () => set({ file: null }),
  reset: () => set({ sources: null, file: null, error: null, from: null }),
}));
