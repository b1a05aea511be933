import { useId, useState } from 'react';
import { shownText } from '../shown-text.js';

interface Props {
  /** What the operator must type; said in the field's name, so a screen reader announces it. */
  word: string;
  value: string;
  onChange(value: string): void;
  /** The plan cannot run (blocked): the field and the button are off. */
  blocked: boolean;
  busy: boolean;
  action: string;
  onConfirm(opts: { allowPipelineChanges: boolean }): void;
  onBack?: () => void;
  /**
   * The plan pushes commits into a live repository: a checkbox to allow refs whose pipeline files
   * differ from its default branch (the push runs them with its secrets); unticked, those are refused.
   */
  pipelineConsent?: boolean;
  /** The refs the plan found whose pipelines differ from live ("REF RUNS CI: …"): what the checkbox allows. */
  runsCi?: string[];
}

/** The typed confirmation before a restore: a form, so Enter submits it once the word matches. */
export function ConfirmForm({ word, value, onChange, blocked, busy, action, onConfirm, onBack, pipelineConsent, runsCi = [] }: Props) {
  const hint = useId();
  const [allow, setAllow] = useState(false);
  const ready = !blocked && !busy && value === word;
  return (
    <form className="confirm-form" aria-label="Confirm" onSubmit={(e) => (e.preventDefault(), ready && onConfirm({ allowPipelineChanges: allow }))}>
      {pipelineConsent && (
        <label>
          <input type="checkbox" checked={allow} onChange={(e) => setAllow(e.target.checked)} disabled={blocked} /> Allow pipeline changes: push refs whose
          pipeline files differ from the live default branch (the push runs them, with the repository&apos;s secrets). Unticked, such refs are refused and named.
          {runsCi.length > 0 && (
            <ul aria-label="Pipeline changes this allows">
              {runsCi.map((l) => (
                <li key={l} className="mono">{shownText(l)}</li>
              ))}
            </ul>
          )}
        </label>
      )}
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
