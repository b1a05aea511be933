import { create } from 'zustand';
import type { SessionView } from '../../../src/api/session-methods.js';
import { api } from '../bridge.js';
import { attempt } from './call.js';

export interface ShareProgress {
  received: { index: number; holder: string }[];
  threshold: number | null;
  total: number | null;
}

interface SessionState {
  status: SessionView | null;
  shares: ShareProgress | null;
  shareError: string | null;
  error: string | null;
  /** Why the last status poll failed (its own field: a poll must not wipe the unlock form's error). */
  statusError: string | null;
  busy: boolean;
  refresh(): Promise<void>;
  unlock(identity: { path: string } | { sealed: string; name: string }, passphrase: string): Promise<boolean>;
  lock(): Promise<void>;
  /** The operator's input, reported (throttled by the caller): the idle lock starts over. */
  activity(): Promise<void>;
  addShare(share: { text: string } | { image: string; name: string }): Promise<boolean>;
  clearShares(): Promise<void>;
}

/**
 * Five calls answer with the session's status (a poll, unlock, lock, activity, the last share), and
 * answers can arrive out of the order the core made them: a poll made just before "Lock now" and
 * delivered after it showed "Unlocked" again, with what was read with the key, until the next poll.
 * A status older than the one shown (by the core's `seq`) is dropped.
 */
const newer = (status: SessionView, shown: SessionView | null): boolean => !shown || status.seq > shown.seq;

export const useSession = create<SessionState>((set, get) => {
  const show = (status: SessionView): void => {
    if (newer(status, get().status)) set({ status });
  };
  return {
    status: null,
    shares: null,
    shareError: null,
    error: null,
    statusError: null,
    busy: false,
    async refresh() {
      await attempt(set, async () => show(await api.call('session.status', {})), { error: 'statusError' });
    },
    unlock: (identity, passphrase) => attempt(set, async () => show(await api.call('session.unlock', { identity, passphrase })), { busy: 'busy' }),
    addShare: (share) =>
      attempt(set, async () => {
        const r = await api.call('session.addShare', share);
        set({ shares: r.unlocked ? null : r });
        if (r.unlocked) show(await api.call('session.status', {}));
      }, { busy: 'busy', error: 'shareError' }),
    async clearShares() {
      await api.call('session.clearShares', {});
      set({ shares: null, shareError: null });
    },
    async lock() {
      show(await api.call('session.lock', {}));
      set({ error: null });
    },
    async activity() {
      try {
        show(await api.call('session.activity', {}));
      } catch {
        // the next status poll shows the state; activity is never worth an error on screen
      }
    },
  };
});
