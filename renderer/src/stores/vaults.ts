import { create } from 'zustand';
import type { VaultView } from '../../../src/api/vault-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

interface VaultsState {
  vaults: VaultView[];
  error: string | null;
  busy: boolean;
  load(): Promise<void>;
  add(v: { name: string; url: string; identityPath: string | null }): Promise<VaultView | null>;
  remove(id: string): Promise<void>;
}

/** The list asked for last: one asked as the screen opened, answering after an add's, lacked the new vault. */
let listAsked = 0;

export const useVaults = create<VaultsState>((set, get) => ({
  vaults: [],
  error: null,
  busy: false,
  async load() {
    const asked = ++listAsked;
    await attempt(set, async () => {
      const vaults = await api.call('vaults.list', {});
      if (asked === listAsked) set({ vaults });
    });
  },
  async add(v) {
    let added: VaultView | null = null;
    await attempt(set, async () => {
      added = await api.call('vaults.add', v);
      await get().load();
    }, { busy: 'busy' });
    return added;
  },
  async remove(vaultId) {
    await attempt(set, async () => {
      await api.call('vaults.remove', { vaultId });
      await get().load();
    });
  },
}));
