import { useEffect, useState } from 'react';
import { useSession } from '../stores/session.js';

export interface LockClock {
  unlocked: boolean;
  /** Whole seconds before the idle lock, null while locked. */
  left: number | null;
  /** The idle time is up, but a running restore holds the lock off until it ends. */
  waitsForJob: boolean;
  /** Inside the warning time before the idle lock. */
  warning: boolean;
}

/** The idle lock as the operator should see it, ticking each half second; asks the core again at zero. */
export function useLockClock(): LockClock {
  const status = useSession((s) => s.status);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const deadline = status?.unlocked && status.autoLockAt ? new Date(status.autoLockAt).getTime() : null;
  const left = deadline === null ? null : Math.max(0, Math.ceil((deadline - now) / 1000));
  const waitsForJob = !!status?.lockWaitsForJob;
  useEffect(() => {
    // The core locked at the deadline (or a job holds it off): learn which now, not at the next poll.
    if (left !== 0) return;
    const t = setTimeout(() => void useSession.getState().refresh(), 300);
    return () => clearTimeout(t);
  }, [left, now]);
  return { unlocked: !!status?.unlocked, left, waitsForJob, warning: left !== null && !waitsForJob && left <= (status?.warnSeconds ?? 0) };
}
