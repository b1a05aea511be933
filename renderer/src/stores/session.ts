import { create } from 'zustand';
import type { SessionView } from '../../../src/api/session-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

interface SessionState {
  status: SessionView | null;
  error: string | null;
  busy: boolean;
  refresh(): Promise<void>;
  unlock(identity: { path: string } | { sealed: string; name: string }, passphrase: string): Promise<boolean>;
  lock(): Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  status: null,
  error: null,
  busy: false,
  async refresh() {
    try {
      set({ status: await api.call('session.status', {}) });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
  async unlock(identity, passphrase) {
    set({ busy: true, error: null });
    try {
      set({ status: await api.call('session.unlock', { identity, passphrase }) });
      return true;
    } catch (e) {
      set({ error: messageOf(e) });
      return false;
    } finally {
      set({ busy: false });
    }
  },
  async lock() {
    set({ status: await api.call('session.lock', {}), error: null });
  },
}));
