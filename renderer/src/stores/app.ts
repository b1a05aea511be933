import { create } from 'zustand';
import { clearVaultState } from './per-vault.js';

export type Screen = 'vaults' | 'unlock' | 'dashboard' | 'incident' | 'timeline' | 'browse' | 'diff' | 'restore' | 'drills' | 'keys' | 'ceremony' | 'audit' | 'settings';

/** A comparison as an address names it: from a snapshot, against live or another snapshot, maybe one source only. */
export interface DiffPlace {
  from: string;
  against: string;
  source: string | null;
}

/** Which vault, which point in time, which screen: the global selection every screen acts on. */
interface AppState {
  screen: Screen;
  vaultId: string | null;
  snapshot: string | null;
  /** Where the unlock screen returns to once unlocked. */
  returnTo: Screen | null;
  /** A Browse folder asked for by an address (reload, Back): Browse opens it once, then forgets it. */
  browsePath: string | null;
  /** A comparison asked for by an address (reload, Back): Diff runs it once, then forgets it. */
  diffWanted: DiffPlace | null;
  go(screen: Screen): void;
  /** Shows the unlock screen from anywhere (the lock indicator, the locked Dashboard); back here after. */
  askUnlock(): void;
  chooseVault(id: string | null): void;
  chooseSnapshot(id: string | null, then?: Screen): void;
}

export const useApp = create<AppState>((set) => ({
  screen: 'vaults',
  vaultId: null,
  snapshot: null,
  returnTo: null,
  browsePath: null,
  diffWanted: null,
  go: (screen) => set({ screen }),
  askUnlock: () => set((s) => ({ returnTo: s.screen === 'unlock' ? s.returnTo : s.screen, screen: 'unlock' })),
  chooseVault: (vaultId) =>
    set((s) => {
      if (s.vaultId !== vaultId) clearVaultState();
      return { vaultId, snapshot: null, screen: vaultId ? 'dashboard' : 'vaults' };
    }),
  chooseSnapshot: (snapshot, then) => set((s) => ({ snapshot, screen: then ?? s.screen })),
}));
