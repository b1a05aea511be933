import type { SourceDiffView as SourceDiff } from '../../../src/api/diff-methods.js';
import { forgeKey, forgeLabel, forgeMark } from './forge-labels.js';
import { shownText } from '../shown-text.js';

interface Props {
  source: SourceDiff;
  /** Opens the document a change was read from, as Browse previews it. */
  onOpen?: (path: string) => void;
  onRestore(only: string[], label: string): void;
}

/**
 * A GitHub or GitLab source's typed changes: kind, where, what changed, whether a restore can put it
 * back (and what cannot be, such as a secret's value), "Restore this" on each restorable one.
 */
export function ForgeChangeList({ source, onOpen, onRestore }: Props) {
  const { counts, changes } = source;
  const restorable = changes.filter((c) => c.restorable);
  return (
    <details className="card changes" open aria-label={`Changes in ${shownText(source.name)}`}>
      <summary>
        <strong>{shownText(source.name)}</strong> ({source.kind}) — {counts.removed} removed, {counts.changed} changed, {counts.added} added
        {source.note && <span className="muted"> · {shownText(source.note)}</span>}
      </summary>
      {restorable.length > 1 && (
        <p>
          <button onClick={() => onRestore([], `every restorable change of ${source.name} (${restorable.length})`)}>
            Restore all {restorable.length} restorable changes of {source.name}
          </button>
        </p>
      )}
      <ul className="change-list">
        {changes.map((c) => {
          const what = `${c.scope ?? ''}${c.target ? ` ${c.target}` : ''}`;
          return (
            <li key={forgeKey(c)} className={`change forge ${c.type}`}>
              <span className="mark" aria-hidden>{forgeMark(c.type)}</span>
              <span className="type">{forgeLabel(c.type)}</span> <span className="mono">{shownText(what)}</span>
              {c.fields && c.fields.length > 0 && <span className="muted"> ({c.fields.join(', ')})</span>}
              {c.restorable ? <span className="ok-text"> · restorable</span> : <span className="muted"> · not restorable</span>}
              {c.note && <span className="note"> — {shownText(c.note)}</span>}
              {onOpen && c.path && (
                <button className="small link" aria-label={`Open ${shownText(c.path)}`} onClick={() => onOpen(c.path!)}>{shownText(c.path.split('/').pop()!)}</button>
              )}
              {c.restorable && (
                <button className="small" aria-label={`Restore this: ${forgeLabel(c.type)} ${shownText(what)}`} onClick={() => onRestore([forgeKey(c)], `${forgeLabel(c.type)} ${what}`)}>
                  Restore this
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
