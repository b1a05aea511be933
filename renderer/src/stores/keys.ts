import { create } from 'zustand';
import type { WriterView } from '../../../src/api/keys-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';
import { vaultEpoch } from './epoch.js';

interface KeysState {
  writers: WriterView[];
  enrolled: { writer: WriterView; file: string; iamPolicy: string | null } | null;
  error: string | null;
  busy: boolean;
  load(vaultId: string): Promise<void>;
  enroll(vaultId: string, label: string, out: string): Promise<void>;
  revoke(vaultId: string, writerId: string, confirm: string): Promise<boolean>;
}

/**
 * The writers list asked for last: an earlier answer that arrives after it (the previous vault's,
 * on a slow store, or the one asked as the screen opened, after an enrollment's) is dropped.
 */
let listAsked = 0;

export const useKeys = create<KeysState>((set, get) => ({
  writers: [],
  enrolled: null,
  error: null,
  busy: false,
  async load(vaultId) {
    const [epoch, asked] = [vaultEpoch(), ++listAsked];
    await attempt(set, async () => {
      const writers = await api.call('writers.list', { vaultId });
      if (epoch === vaultEpoch() && asked === listAsked) set({ writers });
    });
  },
  async enroll(vaultId, label, out) {
    set({ enrolled: null });
    const epoch = vaultEpoch();
    await attempt(set, async () => {
      const enrolled = await api.call('writers.enroll', { vaultId, label, out });
      if (epoch !== vaultEpoch()) return; // another vault is shown now: its Keys page is not where this one's new writer goes
      set({ enrolled });
      await get().load(vaultId);
    }, { busy: 'busy' });
  },
  revoke: (vaultId, writerId, confirm) =>
    attempt(set, async () => {
      await api.call('writers.revoke', { vaultId, writerId, confirm });
      await get().load(vaultId);
    }, { busy: 'busy' }),
}));
