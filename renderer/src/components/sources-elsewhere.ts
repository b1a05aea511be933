interface Listed {
  id: string;
  /** The sources whose own latest good snapshot (`latest:NAME`) this is. */
  latestFor: readonly string[];
  sources: readonly { name: string }[];
}

/** A source and the snapshot to open it in. */
export interface Placed<S> {
  name: string;
  snapshot: S;
  /** Its own latest good snapshot (`latest:NAME`); false: no snapshot of it is free of warnings, this is its newest. */
  good: boolean;
}

/**
 * The sources a snapshot does not hold, over the vault's snapshot list (oldest first, as listed):
 * each from its own latest good snapshot, or from its newest when none is free of warnings.
 */
export function sourcesElsewhere<S extends Listed>(snapshots: readonly S[], snapshotId: string | null | undefined): Placed<S>[] {
  const here = snapshots.find((s) => s.id === snapshotId);
  if (!here) return [];
  const held = new Set(here.sources.map((s) => s.name));
  const found = new Map<string, Placed<S>>();
  for (const s of snapshots) for (const name of s.latestFor) if (!held.has(name)) found.set(name, { name, snapshot: s, good: true });
  // A source with no good snapshot is shown from its newest.
  for (const s of [...snapshots].reverse()) for (const { name } of s.sources) if (!held.has(name) && !found.has(name)) found.set(name, { name, snapshot: s, good: false });
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

