import { create } from 'zustand';
import { api } from '../bridge.js';
import { attempt } from './call.js';

export interface CeremonyShare {
  index: number;
  holder: string;
  files: string[];
  askWord: number;
  confirmed: boolean;
}

interface CeremonyState {
  result: { fingerprint: string; threshold: number; total: number; shares: CeremonyShare[] } | null;
  complete: boolean;
  error: string | null;
  busy: boolean;
  start(args: { out: string; outDir: string; passphrase: string; threshold: number; holders: string[] }): Promise<void>;
  confirm(index: number, word: string): Promise<boolean>;
  reset(): void;
}

export const useCeremony = create<CeremonyState>((set, get) => ({
  result: null,
  complete: false,
  error: null,
  busy: false,
  async start(args) {
    await attempt(set, async () => set({ result: await api.call('ceremony.start', args), complete: false }), { busy: 'busy' });
  },
  confirm: (index, word) =>
    attempt(set, async () => {
      const r = await api.call('ceremony.confirm', { index, word });
      set({ result: { ...get().result!, shares: r.shares }, complete: r.complete });
    }),
  reset: () => set({ result: null, complete: false, error: null }),
}));
