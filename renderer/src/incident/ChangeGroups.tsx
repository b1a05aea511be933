import type { IncidentGroup } from './groups.js';

const SHOWN = 50;

/** The incident's changes, one card per kind, each saying what "Restore all of this" does with it. */
export function ChangeGroups({ groups, notes }: { groups: IncidentGroup[]; notes: string[] }) {
  return (
    <div className="incident-groups">
      {groups
        .filter((g) => g.lines.length > 0)
        .map((g) => (
          <section key={g.key} className="card" aria-labelledby={`group-${g.key}`}>
            <h3 id={`group-${g.key}`}>
              {g.title}: {g.lines.length}
            </h3>
            <p className="muted">Restore all: {g.how}.</p>
            <ul>
              {g.lines.slice(0, SHOWN).map((l) => (
                <li key={l} className="mono">{l}</li>
              ))}
              {g.lines.length > SHOWN && <li className="muted">and {g.lines.length - SHOWN} more</li>}
            </ul>
          </section>
        ))}
      {notes.length > 0 && (
        <section className="card" aria-labelledby="group-notes">
          <h3 id="group-notes">Not compared</h3>
          <ul>
            {notes.map((n) => (
              <li key={n} className="warn">⚠ {n}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
