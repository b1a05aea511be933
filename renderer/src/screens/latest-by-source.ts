import { useMemo } from 'react';
import { useVaultData } from '../stores/vault-data.js';

/** The newest snapshot of each source, in source-name order. */
export function useLatestBySource() {
  const snapshots = useVaultData((s) => s.snapshots);
  return useMemo(() => {
    const latest = new Map<string, { source: (typeof snapshots)[number]['sources'][number]; snapshot: (typeof snapshots)[number] }>();
    for (const snapshot of snapshots) for (const source of snapshot.sources) latest.set(source.name, { source, snapshot });
    return [...latest.values()].sort((a, b) => a.source.name.localeCompare(b.source.name));
  }, [snapshots]);
}
