import { useEffect } from 'react';
import { useApp, type Screen } from './stores/app.js';
import { useSession } from './stores/session.js';
import { useVaultData } from './stores/vault-data.js';
import { useBrowse } from './stores/browse.js';
import { useDiff } from './stores/diff.js';
import { useRestore } from './stores/restore.js';
import { useForge } from './stores/forge.js';
import { useKeys } from './stores/keys.js';
import { Rail } from './components/Rail.js';
import { IdleWarning } from './components/IdleWarning.js';
import { useActivityReport } from './activity.js';
import { JobsStrip } from './components/JobsStrip.js';
import { VaultsScreen } from './screens/VaultsScreen.js';
import { UnlockScreen } from './screens/UnlockScreen.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { TimelineScreen } from './screens/TimelineScreen.js';
import { BrowseScreen } from './screens/BrowseScreen.js';
import { DiffScreen } from './screens/DiffScreen.js';
import { RestoreScreen } from './screens/RestoreScreen.js';
import { AuditScreen } from './screens/AuditScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { KeysScreen } from './screens/KeysScreen.js';
import { CeremonyScreen } from './screens/CeremonyScreen.js';
import { DrillsScreen } from './screens/DrillsScreen.js';
import { IncidentScreen } from './incident/IncidentScreen.js';
import { useIncident } from './stores/incident.js';
import { startRouting } from './route.js';

/** Screens that show what only the unlocked identity can read. */
const NEEDS_KEY: Screen[] = ['unlock', 'incident', 'timeline', 'browse', 'diff', 'restore', 'keys', 'drills'];
const STATUS_POLL_MS = 5000;
/** New backups appear by themselves: the chosen vault is checked for new snapshots this often. */
const WATCH_MS = 60_000;

export function App() {
  const screen = useApp((s) => s.screen);
  const unlocked = useSession((s) => s.status?.unlocked ?? false);
  const vaultId = useApp((s) => s.vaultId);
  useActivityReport();

  useEffect(() => {
    void useSession.getState().refresh();
    void startRouting();
    const timer = setInterval(() => void useSession.getState().refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!unlocked || !vaultId) return;
    const timer = setInterval(() => void useVaultData.getState().watch(vaultId), WATCH_MS);
    return () => clearInterval(timer);
  }, [unlocked, vaultId]);

  // Locked (by the button or the idle timer): drop everything that was read with the key.
  useEffect(() => {
    if (unlocked) return;
    useVaultData.getState().lockedOut();
    useBrowse.getState().reset();
    useDiff.getState().reset();
    useRestore.getState().lockedOut(); // a restore's result stays, shown again after the unlock
    useForge.getState().lockedOut(); // a forge plan goes (the core dropped its token); a run's result stays
    if (!useIncident.getState().hasJob()) useIncident.getState().reset(); // so does an incident restore's
    useKeys.setState({ writers: [], enrolled: null });
  }, [unlocked]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to the main content
      </a>
      <Rail />
      <main id="main" tabIndex={-1} className="main" aria-live="polite">
        <IdleWarning />
        {NEEDS_KEY.includes(screen) && !unlocked ? <UnlockScreen /> : <Current screen={screen} />}
      </main>
      <JobsStrip />
    </div>
  );
}

function Current({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'vaults':
      return <VaultsScreen />;
    case 'dashboard':
      return <DashboardScreen />;
    case 'unlock':
      return <Unlocked />;
    case 'incident':
      return <IncidentScreen />;
    case 'timeline':
      return <TimelineScreen />;
    case 'browse':
      return <BrowseScreen />;
    case 'diff':
      return <DiffScreen />;
    case 'restore':
      return <RestoreScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'keys':
      return <KeysScreen />;
    case 'ceremony':
      return <CeremonyScreen />;
    case 'drills':
      return <DrillsScreen />;
  }
}

/** The unlock screen when already unlocked (opened in another tab, or unlocked by shares): back to where it was asked. */
function Unlocked() {
  const { returnTo, go } = useApp();
  useEffect(() => go(returnTo ?? 'dashboard'), [returnTo, go]);
  return null;
}
