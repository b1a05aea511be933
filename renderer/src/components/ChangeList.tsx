import type { ReactNode } from 'react';
import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import { changeRows, LABEL, touchOnly, type Change } from './change-rows.js';
import { shownText } from '../shown-text.js';
import { countsByKind } from './change-counts.js';

const MARK: Record<string, string> = {
  added: '+', removed: '−', changed: '~', 'ref-deleted': '−', 'ref-created': '+', 'ref-moved': '→', 'ref-rewritten': '⚠', 'tag-moved': '⚠',
  'repo-missing': '✖', 'default-branch-changed': '~', 'pipeline-deleted': '−', 'pipeline-added': '+', 'pipeline-changed': '~',
};
const SHOWN = 2000;

/**
 * What "Restore this" selects: a file or folder of a folder source; for a repository, a deleted or
 * rewritten ref (back into the live repo; a rewritten one as a new branch for review) or a pipeline
 * (back on a new branch for review).
 */
function restorePath(source: SourceDiff, c: Change): string | null {
  if (source.kind !== 'git') return c.path && c.type !== 'added' ? `${source.name}/${c.path}` : null;
  if (c.ref && (c.type === 'ref-deleted' || c.type === 'ref-rewritten' || c.type === 'tag-moved')) return `${source.name}/refs/${c.ref}`;
  // A snapshot's pipelines/ are those of its default branch: other branches' come back with their ref.
  const onDefault = c.atDefaultBranch || !c.ref;
  if (c.path && onDefault && (c.type === 'pipeline-deleted' || c.type === 'pipeline-changed')) return `${source.name}/pipelines/${c.path}`;
  return null;
}

interface Props {
  source: SourceDiff;
  /** Hide changes of the modification time alone. */
  contentOnly: boolean;
  /** The text diff open now (its browse path) and its view, shown under its row. */
  open: { path: string; view: ReactNode } | null;
  onOpen(path: string): void;
  onRestore(path: string): void;
}

/** One source's changes in words, folders folded, with "Show diff" under the row and "Restore this". */
export function ChangeList({ source, contentOnly, open, onOpen, onRestore }: Props) {
  const { counts } = source;
  const rows = changeRows(source.changes, contentOnly);
  const byKind = countsByKind([source]);
  const touched = source.changes.filter(touchOnly).length;
  return (
    <details className="card changes" open aria-label={`Changes in ${shownText(source.name)}`}>
      <summary>
        <strong>{shownText(source.name)}</strong> ({source.kind}) — {byKind.length > 0 ? `${byKind.join(', ')} (${counts.removed} removed, ${counts.changed} changed, ${counts.added} added)` : `${counts.removed} removed, ${counts.changed} changed, ${counts.added} added`}
        {contentOnly && touched > 0 && <span className="muted"> · {touched} modification-time-only changes hidden</span>}
        {source.note && <span className="muted"> · {shownText(source.note)}</span>}
      </summary>
      <ul className="change-list">
        {rows.slice(0, SHOWN).map(({ change: c, folded }, i) => {
          const what = c.path ?? c.ref ?? '';
          const full = c.path ? `${source.name}/${source.kind === 'git' ? `files/${c.path}` : c.path}` : null;
          const canOpen = c.kind === 'file' || (c.type === 'pipeline-changed' && (c.atDefaultBranch || !c.ref));
          const restorable = restorePath(source, c);
          return (
            <li key={i} className={`change ${c.type}`}>
              <span className="mark" aria-hidden>{MARK[c.type] ?? '·'}</span>
              <span className="type">{LABEL[c.type] ?? c.type}</span> <span className="mono">{what}</span>
              {folded > 0 && <span className="muted"> (a folder: {folded} {folded === 1 ? 'entry' : 'entries'} in it)</span>}
              {c.path && c.ref && <span className="muted"> on {c.ref.replace(/^refs\/heads\//, '')}</span>}
              {c.fields && <span className="muted"> ({c.fields.map((f) => (f === 'mtime' ? 'modification time' : f)).join(', ')})</span>}
              {typeof c.before === 'string' && <span className="muted mono"> {c.before.slice(0, 10)}</span>}
              {typeof c.after === 'string' && <span className="muted mono"> → {c.after.slice(0, 10)}</span>}
              {canOpen && full && open?.path !== full && (
                <button className="small" aria-label={`Show diff: ${what}`} onClick={() => onOpen(full)}>Show diff</button>
              )}
              {restorable && (
                <button className="small" aria-label={`Restore this: ${what}`} onClick={() => onRestore(restorable)}>Restore this</button>
              )}
              {c.patch && <pre className="code patch">{shownText(c.patch)}</pre>}
              {full && open?.path === full && open.view}
            </li>
          );
        })}
      </ul>
      {rows.length > SHOWN && <p className="muted">{rows.length - SHOWN} more changes not shown.</p>}
    </details>
  );
}
