import { create } from 'zustand';
import type { SettingsView } from '../../../src/api/session-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

interface SettingsState {
  settings: SettingsView | null;
  error: string | null;
  load(): Promise<void>;
  save(changes: Partial<SettingsView>): Promise<boolean>;
}

export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  error: null,
  async load() {
    await attempt(set, async () => set({ settings: await api.call('settings.get', {}) }));
  },
  save: (changes) => attempt(set, async () => set({ settings: await api.call('settings.set', changes) })),
}));
