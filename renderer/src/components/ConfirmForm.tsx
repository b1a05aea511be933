import { useId } from 'react';

interface Props {
  /** What the operator must type; said in the field's name, so a screen reader announces it. */
  word: string;
  value: string;
  onChange(value: string): void;
  /** The plan cannot run (blocked): the field and the button are off. */
  blocked: boolean;
  busy: boolean;
  action: string;
  onConfirm(): void;
  onBack?: () => void;
}

/** The typed confirmation before a restore: a form, so Enter submits it once the word matches. */
export function ConfirmForm({ word, value, onChange, blocked, busy, action, onConfirm, onBack }: Props) {
  const hint = useId();
  const ready = !blocked && !busy && value === word;
  return (
    <form className="confirm-form" aria-label="Confirm" onSubmit={(e) => (e.preventDefault(), ready && onConfirm())}>
      <label className="field">
        <span>
          Type <strong className="mono">{word}</strong> to confirm
        </span>
        <input aria-label={`Confirm by typing ${word}`} aria-describedby={hint} value={value} onChange={(e) => onChange(e.target.value)} disabled={blocked} autoComplete="off" spellCheck={false} />
      </label>
      <p id={hint} className="muted">
        Nothing is written before this. Enter or “{action}” runs the plan shown above, once.
      </p>
      <div className="row">
        {onBack && (
          <button type="button" onClick={onBack}>
            Back
          </button>
        )}
        <button type="submit" className="primary danger" disabled={!ready}>
          {action}
        </button>
      </div>
    </form>
  );
}
