import { useSession } from '../stores/session.js';
import { useLockClock } from './lock-clock.js';

/** Before the idle lock: how long is left, and one button to stay unlocked. */
export function IdleWarning() {
  const { warning, left } = useLockClock();
  if (!warning || left === null) return null;
  return (
    <div className="card idle-warning" role="alert" aria-label="Idle lock warning">
      <p>
        ⚠ No input for a while: the identity locks in {left} s. What needs the key will be hidden until it is unlocked again.
      </p>
      <button className="primary" onClick={() => void useSession.getState().activity()}>
        Stay unlocked
      </button>
    </div>
  );
}
