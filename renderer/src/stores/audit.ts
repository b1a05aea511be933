import { create } from 'zustand';
import type { AuditEntryView } from '../../../src/api/audit-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

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
    await attempt(set, async () => set(await api.call('audit.list', {})));
  },
}));
