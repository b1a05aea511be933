import { useEffect, useState } from 'react';
import { useSession } from '../stores/session.js';

/** Locked or unlocked, and the time left before the identity locks itself. */
export function LockIndicator() {
  const status = useSession((s) => s.status);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!status?.unlocked) {
    return (
      <div className="lock locked" role="status" aria-label="Identity locked">
        ● Locked
      </div>
    );
  }
  const left = status.autoLockAt ? Math.max(0, Math.round((new Date(status.autoLockAt).getTime() - now) / 1000)) : 0;
  return (
    <div className="lock unlocked" role="status" aria-label="Identity unlocked">
      <div>○ Unlocked</div>
      <div className="muted">
        locks in {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}
      </div>
      <button onClick={() => void useSession.getState().lock()}>Lock now</button>
    </div>
  );
}
