import { create } from 'zustand';
import type { WriterView } from '../../../src/api/keys-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

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
    try {
      set({ writers: await api.call('writers.list', { vaultId }), error: null });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
  async enroll(vaultId, label, out) {
    set({ busy: true, error: null, enrolled: null });
    try {
      set({ enrolled: await api.call('writers.enroll', { vaultId, label, out }) });
      await get().load(vaultId);
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ busy: false });
    }
  },
  async revoke(vaultId, writerId, confirm) {
    set({ busy: true, error: null });
    try {
      await api.call('writers.revoke', { vaultId, writerId, confirm });
      await get().load(vaultId);
      return true;
    } catch (e) {
      set({ error: messageOf(e) });
      return false;
    } finally {
      set({ busy: false });
    }
  },
}));
