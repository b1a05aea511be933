import { create } from 'zustand';
import type { PostureView } from '../../../src/api/vault-methods.js';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

/** What the dashboard and the timeline show of the chosen vault. */
interface VaultDataState {
  vaultId: string | null;
  posture: PostureView | null;
  snapshots: SnapshotView[];
  tampered: string[];
  loading: boolean;
  error: string | null;
  load(vaultId: string, opts: { unlocked: boolean; refresh?: boolean }): Promise<void>;
  clear(): void;
}

export const useVaultData = create<VaultDataState>((set) => ({
  vaultId: null,
  posture: null,
  snapshots: [],
  tampered: [],
  loading: false,
  error: null,
  async load(vaultId, { unlocked, refresh = false }) {
    set((s) => ({ loading: true, error: null, ...(s.vaultId !== vaultId && { posture: null, snapshots: [], tampered: [] }), vaultId }));
    try {
      const [posture, listing] = await Promise.all([
        api.call('posture.get', { vaultId }),
        unlocked ? api.call('snapshots.list', { vaultId, refresh }) : Promise.resolve({ snapshots: [], tampered: [] }),
      ]);
      set({ posture, snapshots: listing.snapshots, tampered: listing.tampered });
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ loading: false });
    }
  },
  clear: () => set({ snapshots: [], tampered: [], posture: null, vaultId: null }),
}));
