import { create } from 'zustand';
import { clearVaultState } from './per-vault.js';

export type Screen = 'vaults' | 'dashboard' | 'incident' | 'timeline' | 'browse' | 'diff' | 'restore' | 'drills' | 'keys' | 'ceremony' | 'audit' | 'settings';

/** Which vault, which point in time, which screen: the global selection every screen acts on. */
interface AppState {
  screen: Screen;
  vaultId: string | null;
  snapshot: string | null;
  go(screen: Screen): void;
  chooseVault(id: string | null): void;
  chooseSnapshot(id: string | null, then?: Screen): void;
}

export const useApp = create<AppState>((set) => ({
  screen: 'vaults',
  vaultId: null,
  snapshot: null,
  go: (screen) => set({ screen }),
  chooseVault: (vaultId) =>
    set((s) => {
      if (s.vaultId !== vaultId) clearVaultState();
      return { vaultId, snapshot: null, screen: vaultId ? 'dashboard' : 'vaults' };
    }),
  chooseSnapshot: (snapshot, then) => set((s) => ({ snapshot, screen: then ?? s.screen })),
}));
