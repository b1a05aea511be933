import { useMemo } from 'react';
import { useVaultData } from '../stores/vault-data.js';

/**
 * The newest snapshot of each source, in source-name order, and the newest in which its backup did
 * not fail (`good`; none when it never succeeded): what a restore of it would bring back.
 */
export function useLatestBySource() {
  const snapshots = useVaultData((s) => s.snapshots);
  return useMemo(() => {
    type Snapshot = (typeof snapshots)[number];
    const latest = new Map<string, { source: Snapshot['sources'][number]; snapshot: Snapshot; good?: Snapshot }>();
    for (const snapshot of snapshots) {
      for (const source of snapshot.sources) {
        const good = source.failed ? latest.get(source.name)?.good : snapshot;
        latest.set(source.name, { source, snapshot, ...(good && { good }) });
      }
    }
    return [...latest.values()].sort((a, b) => a.source.name.localeCompare(b.source.name));
  }, [snapshots]);
}
