import { create } from 'zustand';
import type { WriterView } from '../../../src/api/keys-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

interface KeysState {
  writers: WriterView[];
  enrolled: { writer: WriterView; file: string; iamPolicy: string | null } | null;
  error: string | null;
  busy: boolean;
  load(vaultId: string): Promise<void>;
  enroll(vaultId: string, label: string, out: string): Promise<void>;
  revoke(vaultId: string, writerId: string, confirm: string): Promise<boolean>;
}

export const useKeys = create<KeysState>((set, get) => ({
  writers: [],
  enrolled: null,
  error: null,
  busy: false,
  async load(vaultId) {
    await attempt(set, async () => set({ writers: await api.call('writers.list', { vaultId }) }));
  },
  async enroll(vaultId, label, out) {
    set({ enrolled: null });
    await attempt(set, async () => {
      set({ enrolled: await api.call('writers.enroll', { vaultId, label, out }) });
      await get().load(vaultId);
    }, { busy: 'busy' });
  },
  revoke: (vaultId, writerId, confirm) =>
    attempt(set, async () => {
      await api.call('writers.revoke', { vaultId, writerId, confirm });
      await get().load(vaultId);
    }, { busy: 'busy' }),
}));
