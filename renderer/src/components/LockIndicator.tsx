import { useSession } from '../stores/session.js';
import { useApp } from '../stores/app.js';
import { useLockClock } from './lock-clock.js';

/** Locked or unlocked, and the time left before the identity locks itself (or what holds it off). */
export function LockIndicator() {
  const { unlocked, left, waitsForJob } = useLockClock();
  if (!unlocked || left === null) {
    return (
      <div className="lock locked">
        <div role="status" aria-label="Identity locked">
          ● Locked
        </div>
        <button onClick={() => useApp.getState().askUnlock()}>Unlock…</button>
      </div>
    );
  }
  return (
    <div className="lock unlocked" role="status" aria-label="Identity unlocked">
      <div>○ Unlocked</div>
      <div className="muted">{waitsForJob ? 'locks when the restore finishes' : `locks in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`}</div>
      <button onClick={() => void useSession.getState().lock()}>Lock now</button>
    </div>
  );
}
