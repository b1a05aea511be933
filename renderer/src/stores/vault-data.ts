import { create } from 'zustand';
import type { PostureView } from '../../../src/api/vault-methods.js';
import type { SnapshotView } from '../../../src/api/browse-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

/** What the dashboard and the timeline show of the chosen vault. */
interface VaultDataState {
  vaultId: string | null;
  posture: PostureView | null;
  snapshots: SnapshotView[];
  tampered: string[];
  loading: boolean;
  error: string | null;
  load(vaultId: string, opts: { unlocked: boolean; refresh?: boolean }): Promise<void>;
  watch(vaultId: string): Promise<void>;
  clear(): void;
}

export const useVaultData = create<VaultDataState>((set, get) => ({
  vaultId: null,
  posture: null,
  snapshots: [],
  tampered: [],
  loading: false,
  error: null,
  async load(vaultId, { unlocked, refresh = false }) {
    set((s) => ({ ...(s.vaultId !== vaultId && { posture: null, snapshots: [], tampered: [] }), vaultId }));
    await attempt(set, async () => {
      const [posture, listing] = await Promise.all([
        api.call('posture.get', { vaultId }),
        unlocked ? api.call('snapshots.list', { vaultId, refresh }) : Promise.resolve({ snapshots: [], tampered: [] }),
      ]);
      if (get().vaultId === vaultId) set({ posture, snapshots: listing.snapshots, tampered: listing.tampered }); // else another vault was chosen meanwhile
    }, { busy: 'loading' });
  },
  /** The background check for new snapshots: quiet, and never counted as the operator's activity. */
  async watch(vaultId) {
    if (get().vaultId !== vaultId || get().loading) return;
    try {
      const { snapshots, tampered } = await api.call('snapshots.list', { vaultId, watch: true });
      const now = get();
      if (now.vaultId === vaultId && (snapshots.length !== now.snapshots.length || tampered.length !== now.tampered.length)) set({ snapshots, tampered });
    } catch {
      // locked meanwhile or the store unreachable: the lock indicator and the next check say so
    }
  },
  clear: () => set({ snapshots: [], tampered: [], posture: null, vaultId: null }),
}));
