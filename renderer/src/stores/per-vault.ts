import { nextVaultEpoch } from './epoch.js';
import { useBrowse } from './browse.js';
import { useDiff } from './diff.js';
import { useRestore } from './restore.js';
import { useIncident } from './incident.js';
import { useKeys } from './keys.js';
import { useDrills } from './drills.js';
import { useVaultData } from './vault-data.js';

/**
 * Everything read from or planned against one vault, forgotten when another is chosen: no listing,
 * change or Restore button of the previous vault shows under the new one's name. Jobs stay (the
 * strip names each), and so do the console-wide audit log and settings.
 */
export function clearVaultState(): void {
  nextVaultEpoch();
  useBrowse.getState().reset();
  useDiff.getState().reset();
  useRestore.getState().reset();
  useIncident.getState().reset();
  useKeys.setState({ writers: [], enrolled: null, error: null });
  useDrills.setState({ drills: [], refused: [], job: null, error: null });
  useVaultData.getState().clear();
}
