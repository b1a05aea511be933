import type { PreviewView as Preview } from '../../../src/api/browse-methods.js';
import { formatBytes } from '../format.js';
import { useHighlighted } from '../highlight.js';
import { looksBinary } from '../preview-text.js';
import { shownText } from '../shown-text.js';

/** A file's first bytes as text, with line numbers and syntax colours. */
export function PreviewPane({ preview }: { preview: Preview | null }) {
  const binary = preview?.text != null && looksBinary(preview.text);
  const shown = preview?.text != null && !binary ? shownText(preview.text.replace(/\r\n/g, '\n')) : null;
  const highlighted = useHighlighted(shown, preview?.path ?? '');
  const html = highlighted?.html ?? null;
  if (!preview) return <aside className="pane preview muted" aria-label="Preview">Choose a file to preview it.</aside>;
  return (
    <aside className="pane preview" aria-label="Preview">
      <div className="preview-head">
        <span className="mono">{shownText(preview.path)}</span> <span className="muted">{formatBytes(preview.size)}</span>
      </div>
      {html !== null ? (
        <pre className="code hljs" aria-label={`Contents of ${shownText(preview.path)}`}>
          <code dangerouslySetInnerHTML={{ __html: html }} />
        </pre>
      ) : (
        <p className="muted">{binary ? 'binary file (control bytes, not text): restore it to open it' : preview.reason}</p>
      )}
      {highlighted?.note && <p className="muted" role="note">{highlighted.note}</p>}
      {preview.truncated && !binary && <p className="muted">Only the first part is shown; restore the file to see all of it.</p>}
    </aside>
  );
}
