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
  /** The identity locked: what was read with it goes, and an answer still on its way is dropped. */
  lockedOut(): void;
  clear(): void;
}

/**
 * The load asked for last. A look asked while locked (posture only, no snapshots) can answer after
 * the one asked on unlock (a first posture of a large store is slow, the second one cached): its
 * empty list then replaced the unlocked one, and the Dashboard and Timeline showed no snapshots.
 */
let loadAsked = 0;
/** Locks seen: a look read with the key that answers after a lock is dropped. */
let locks = 0;

export const useVaultData = create<VaultDataState>((set, get) => ({
  vaultId: null,
  posture: null,
  snapshots: [],
  tampered: [],
  loading: false,
  error: null,
  async load(vaultId, { unlocked, refresh = false }) {
    set((s) => ({ ...(s.vaultId !== vaultId && { posture: null, snapshots: [], tampered: [] }), vaultId }));
    const [asked, locked] = [++loadAsked, locks];
    await attempt(set, async () => {
      const [posture, listing] = await Promise.all([
        api.call('posture.get', { vaultId }),
        unlocked ? api.call('snapshots.list', { vaultId, refresh }) : Promise.resolve({ snapshots: [], tampered: [] }),
      ]);
      // another vault chosen, this one looked at again, or the identity locked (what was read with it goes) meanwhile
      if (get().vaultId !== vaultId || asked !== loadAsked || (unlocked && locked !== locks)) return;
      set({ posture, snapshots: listing.snapshots, tampered: listing.tampered });
    }, { busy: 'loading' });
  },
  /** The background check for new snapshots: quiet, and never counted as the operator's activity. */
  async watch(vaultId) {
    if (get().vaultId !== vaultId || get().loading) return;
    const [asked, locked] = [loadAsked, locks]; // a load or a lock meanwhile makes this answer old
    try {
      const { snapshots, tampered } = await api.call('snapshots.list', { vaultId, watch: true });
      const now = get();
      if (now.vaultId === vaultId && asked === loadAsked && locked === locks && (snapshots.length !== now.snapshots.length || tampered.length !== now.tampered.length)) set({ snapshots, tampered });
    } catch {
      // locked meanwhile or the store unreachable: the lock indicator and the next check say so
    }
  },
  lockedOut() {
    locks++;
    set({ snapshots: [], tampered: [] });
  },
  clear: () => set({ snapshots: [], tampered: [], posture: null, vaultId: null }),
}));
