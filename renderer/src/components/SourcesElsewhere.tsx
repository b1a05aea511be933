import { useMemo } from 'react';
import { useVaultData } from '../stores/vault-data.js';
import { whenExact } from '../snapshot-label.js';
import { sourcesElsewhere, type Placed } from './sources-elsewhere.js';
import { shownText } from '../shown-text.js';

type Snapshot = ReturnType<typeof useVaultData.getState>['snapshots'][number];
export type Elsewhere = Placed<Snapshot>;

const SHOWN = 20;

/**
 * The sources a snapshot does not hold, each with the snapshot to open it in: writers in different
 * places back up different sources, so the newest snapshot (the default everywhere) may be a
 * database host's hourly dump with none of the repositories in it.
 */
export function useSourcesElsewhere(snapshotId: string | null | undefined): Elsewhere[] {
  const snapshots = useVaultData((s) => s.snapshots);
  return useMemo(() => sourcesElsewhere(snapshots, snapshotId), [snapshots, snapshotId]);
}

/** The card that lists them, each one click (`act`) from the same work in its own snapshot. */
export function SourcesElsewhere({ sources, label, act }: { sources: Elsewhere[]; label: (name: string) => string; act: (e: Elsewhere) => void }) {
  if (sources.length === 0) return null;
  return (
    <div className="card" aria-label="Sources not in this snapshot">
      <p className="muted">Not in this snapshot (backed up in runs of their own), each with its own latest good snapshot:</p>
      <ul>
        {sources.slice(0, SHOWN).map((o) => (
          <li key={o.name}>
            <button className="link" onClick={() => act(o)}>
              {shownText(label(o.name))}
            </button>{' '}
            <span className="muted">
              ({o.good ? '' : 'none is free of warnings: its newest, '}
              {whenExact(o.snapshot.at)}, <span className="mono">{o.snapshot.id.slice(0, 12)}</span>)
            </span>
          </li>
        ))}
        {sources.length > SHOWN && <li className="muted">and {sources.length - SHOWN} more</li>}
      </ul>
    </div>
  );
}
