import { useState } from 'react';

/** The report as text, with a button that copies it (the operator pastes it into the incident channel). */
export function IncidentReport({ text }: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('✔ Copied');
    } catch {
      setCopied('The clipboard is not available here: select the text and copy it');
    }
  };
  return (
    <div className="card" aria-label="Verification report">
      <h3>Verification report</h3>
      <pre className="code report" tabIndex={0}>{text}</pre>
      <button onClick={() => void copy()}>Copy report</button> {copied && <span role="status">{copied}</span>}
    </div>
  );
}
