import type { FileDiffView } from '../../../src/api/diff-methods.js';
import { shownText } from '../shown-text.js';

/** Two versions of a file, changed lines beside each other. */
export function SideBySide({ file, left, right, onClose }: { file: FileDiffView; left: string; right: string; onClose(): void }) {
  return (
    <div className="card side-by-side" role="region" aria-label={`Diff of ${shownText(file.path)}`} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="row">
        <h2 className="mono">{shownText(file.path)}</h2>
        <button onClick={onClose} autoFocus>Close</button>
      </div>
      {file.binary ? (
        <p className="muted">A binary file: restore it to compare.</p>
      ) : (
        <table className="sbs">
          <thead>
            <tr>
              <th colSpan={2}>{left}</th>
              <th colSpan={2}>{right}</th>
            </tr>
          </thead>
          <tbody>
            {file.rows.map((r, i) => (
              <tr key={i} className={r.kind}>
                <td className="no">{r.leftNo ?? ''}</td>
                <td className="l">{shownText((r.left ?? '').replace(/\r$/, ''))}</td>
                <td className="no">{r.rightNo ?? ''}</td>
                <td className="r">{shownText((r.right ?? '').replace(/\r$/, ''))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!file.binary && !file.aligned && (
        <p className="muted" role="note">
          The two versions differ in more than {file.edits.toLocaleString('en')} lines, too many to align line by line: the lines between their first and last difference are shown side by side as they come.
        </p>
      )}
      {file.rowsLeft > 0 && <p className="muted" role="note">{file.rowsLeft.toLocaleString('en')} more lines are not shown: restore the file to compare all of it.</p>}
      {file.truncated && <p className="muted">Only the first 256 KiB are compared.</p>}
    </div>
  );
}
