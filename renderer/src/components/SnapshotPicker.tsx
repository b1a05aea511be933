import { useEffect } from 'react';
import { useApp } from '../stores/app.js';
import { useVaultData } from '../stores/vault-data.js';
import { snapshotLabel } from '../snapshot-label.js';

/** The global point in time: every screen that reads a snapshot acts on this one. */
export function SnapshotPicker({ label = 'Snapshot' }: { label?: string }) {
  const { vaultId, snapshot, chooseSnapshot } = useApp();
  const { snapshots, load, loading } = useVaultData();
  useEffect(() => {
    if (vaultId && snapshots.length === 0 && !loading) void load(vaultId, { unlocked: true });
  }, [vaultId, snapshots.length, loading, load]);
  // The default is what "latest" means (no warnings, no anomalies): never an anomalous one unasked.
  const latest = snapshots.find((s) => s.latest);
  useEffect(() => {
    if (!snapshot && latest) chooseSnapshot(latest.id);
  }, [snapshot, latest, chooseSnapshot]);
  return (
    <label className="field inline">
      <span>{label}</span>
      <select aria-label={label} value={snapshot ?? ''} onChange={(e) => chooseSnapshot(e.target.value)}>
        {!snapshot && snapshots.length > 0 && <option value="">⚠ none is free of warnings: choose one</option>}
        {[...snapshots].reverse().map((s) => (
          <option key={s.id} value={s.id}>
            {snapshotLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
