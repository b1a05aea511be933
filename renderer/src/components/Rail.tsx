import { useApp, type Screen } from '../stores/app.js';
import { useVaults } from '../stores/vaults.js';
import { LockIndicator } from './LockIndicator.js';

const SECTIONS: { screen: Screen; label: string }[] = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'incident', label: 'Incident' },
  { screen: 'timeline', label: 'Timeline' },
  { screen: 'browse', label: 'Browse' },
  { screen: 'diff', label: 'Diff' },
  { screen: 'restore', label: 'Restore' },
  { screen: 'drills', label: 'Drills' },
  { screen: 'keys', label: 'Keys' },
  { screen: 'ceremony', label: 'Key ceremony' },
  { screen: 'audit', label: 'Audit' },
  { screen: 'settings', label: 'Settings' },
];

/** Vault switcher on top, sections below, the lock state always visible. */
export function Rail() {
  const { screen, vaultId, go, chooseVault } = useApp();
  const vaults = useVaults((s) => s.vaults);
  return (
    <nav className="rail" aria-label="Sections">
      <div className="brand">Bulkhead</div>
      <label className="field">
        <span>Vault</span>
        <select aria-label="Vault" value={vaultId ?? ''} onChange={(e) => chooseVault(e.target.value || null)}>
          <option value="">{vaults.length ? 'Choose a vault…' : 'No vault yet'}</option>
          {vaults.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <button className={screen === 'vaults' ? 'nav active' : 'nav'} onClick={() => go('vaults')}>
        Vaults
      </button>
      {SECTIONS.map((s) => (
        <button
          key={s.screen}
          className={screen === s.screen ? 'nav active' : 'nav'}
          aria-current={screen === s.screen ? 'page' : undefined}
          disabled={!vaultId && !['audit', 'settings', 'ceremony'].includes(s.screen)}
          onClick={() => go(s.screen)}
        >
          {s.label}
        </button>
      ))}
      <LockIndicator />
    </nav>
  );
}
