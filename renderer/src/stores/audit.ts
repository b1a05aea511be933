import { create } from 'zustand';
import type { AuditEntryView } from '../../../src/api/audit-methods.js';
import { api } from '../bridge.js';
import { messageOf } from './call.js';

interface AuditState {
  entries: AuditEntryView[];
  intact: boolean;
  brokenAt: number | null;
  error: string | null;
  load(): Promise<void>;
}

export const useAudit = create<AuditState>((set) => ({
  entries: [],
  intact: true,
  brokenAt: null,
  error: null,
  async load() {
    try {
      set({ ...(await api.call('audit.list', {})), error: null });
    } catch (e) {
      set({ error: messageOf(e) });
    }
  },
}));
