import { create } from 'zustand';
import type { BrowseEntry } from '../../../src/api/browse-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

interface Preview {
  path: string;
  size: number;
  text: string | null;
  truncated: boolean;
  reason: string | null;
}

interface BrowseState {
  path: string;
  entries: BrowseEntry[];
  filter: string;
  preview: Preview | null;
  /** Paths chosen for the restore wizard (several at once). */
  selected: string[];
  loading: boolean;
  error: string | null;
  open(vaultId: string, snapshot: string, path: string): Promise<void>;
  showPreview(vaultId: string, snapshot: string, path: string): Promise<void>;
  setFilter(filter: string): void;
  toggle(path: string): void;
  select(paths: string[]): void;
  reset(): void;
}

export const useBrowse = create<BrowseState>((set) => ({
  path: '',
  entries: [],
  filter: '',
  preview: null,
  selected: [],
  loading: false,
  error: null,
  async open(vaultId, snapshot, path) {
    set({ loading: true, error: null, filter: '' });
    try {
      const listing = await api.call('browse.list', { vaultId, snapshot, path });
      set({ path, entries: listing.entries, preview: null });
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ loading: false });
    }
  },
  async showPreview(vaultId, snapshot, path) {
    set({ preview: { path, size: 0, text: null, truncated: false, reason: 'loading…' } });
    try {
      set({ preview: await api.call('browse.preview', { vaultId, snapshot, path }) });
    } catch (e) {
      set({ preview: { path, size: 0, text: null, truncated: false, reason: messageOf(e) } });
    }
  },
  setFilter: (filter) => set({ filter }),
  toggle: (path) => set((s) => ({ selected: s.selected.includes(path) ? s.selected.filter((p) => p !== path) : [...s.selected, path] })),
  select: (selected) => set({ selected }),
  reset: () => set({ path: '', entries: [], preview: null, selected: [], filter: '', error: null }),
}));
