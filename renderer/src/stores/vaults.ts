import { create } from 'zustand';
import type { VaultView } from '../../../src/api/vault-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

interface VaultsState {
  vaults: VaultView[];
  error: string | null;
  busy: boolean;
  load(): Promise<void>;
  add(v: { name: string; url: string; identityPath: string | null }): Promise<VaultView | null>;
  remove(id: string): Promise<void>;
}

export const useVaults = create<VaultsState>((set, get) => ({
  vaults: [],
  error: null,
  busy: false,
  async load() {
    try {
      set({ vaults: await api.call('vaults.list', {}), error: null });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
  async add(v) {
    set({ busy: true, error: null });
    try {
      const added = await api.call('vaults.add', v);
      await get().load();
      return added;
    } catch (e) {
      set({ error: messageOf(e) });
      return null;
    } finally {
      set({ busy: false });
    }
  },
  async remove(vaultId) {
    try {
      await api.call('vaults.remove', { vaultId });
      await get().load();
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
}));
