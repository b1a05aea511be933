import { useEffect } from 'react';
import { useSession } from './stores/session.js';

const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
/** At most one report this often (shorter for a short idle time, so input always counts in time). */
const MAX_GAP_MS = 15_000;

/**
 * The operator typing or moving the pointer is activity: reported to the core, throttled, so the
 * idle lock never fires under someone's hands. Only while unlocked (a locked console has no timer).
 */
export function useActivityReport(): void {
  useEffect(() => {
    let last = 0;
    const onInput = () => {
      const status = useSession.getState().status;
      if (!status?.unlocked) return;
      const gap = Math.min(MAX_GAP_MS, (status.autoLockMinutes * 60_000) / 4);
      const now = Date.now();
      if (now - last < gap) return;
      last = now;
      void useSession.getState().activity();
    };
    for (const e of EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, []);
}
