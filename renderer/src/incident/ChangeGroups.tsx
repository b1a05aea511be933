import type { IncidentGroup, IncidentNote } from './groups.js';
import { shownText } from '../shown-text.js';

const SHOWN = 50;

/**
 * The incident's changes, one card per kind, each saying what "Restore all of this" does with it.
 * A source with no live side to compare (a database dump) is not in that plan: its own button opens
 * Restore with it chosen from the same snapshot, to be written into a folder and loaded by hand.
 */
export function ChangeGroups({ groups, notes, restoreOne, idPrefix = '' }: { groups: IncidentGroup[]; notes: IncidentNote[]; restoreOne?: (source: string) => void; idPrefix?: string }) {
  return (
    <div className="incident-groups">
      {groups
        .filter((g) => g.lines.length > 0)
        .map((g) => (
          <section key={g.key} className="card" aria-labelledby={`${idPrefix}group-${g.key}`}>
            <h3 id={`${idPrefix}group-${g.key}`}>
              {g.title}: {g.lines.length}
            </h3>
            <p className="muted">Restore all: {g.how}.</p>
            <ul>
              {g.lines.slice(0, SHOWN).map((l) => (
                <li key={l} className="mono">{shownText(l)}</li>
              ))}
              {g.lines.length > SHOWN && <li className="muted">and {g.lines.length - SHOWN} more</li>}
            </ul>
          </section>
        ))}
      {notes.length > 0 && (
        <section className="card" aria-labelledby={`${idPrefix}group-notes`}>
          <h3 id={`${idPrefix}group-notes`}>Not compared</h3>
          <ul>
            {notes.map((n) => (
              <li key={n.text} className="warn">
                ⚠ {shownText(n.text)}{' '}
                {restoreOne && n.kind === 'stream' && (
                  <button onClick={() => restoreOne(n.source)} title="Opens Restore with it chosen from this snapshot">
                    Restore {shownText(n.source)}…
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
