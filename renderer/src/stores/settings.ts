import { create } from 'zustand';
import type { SettingsView } from '../../../src/api/session-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

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
    try {
      set({ settings: await api.call('settings.get', {}), error: null });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
  async save(changes) {
    try {
      set({ settings: await api.call('settings.set', changes), error: null });
      return true;
    } catch (e) {
      set({ error: messageOf(e) });
      return false;
    }
  },
}));
