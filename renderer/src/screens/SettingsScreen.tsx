import { useEffect, useState } from 'react';
import { useSettings } from '../stores/settings.js';
import { ErrorNote } from '../components/ErrorNote.js';

export function SettingsScreen() {
  const { settings, error, load, save } = useSettings();
  const [autoLock, setAutoLock] = useState('');
  const [rpo, setRpo] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (settings) {
      setAutoLock(String(settings.autoLockMinutes));
      setRpo(String(settings.rpoHours));
    }
  }, [settings]);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form
        className="card form"
        aria-label="Settings"
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(await save({ autoLockMinutes: Number(autoLock), rpoHours: Number(rpo) }));
        }}
      >
        <label className="field">
          <span>Lock the identity after this many idle minutes</span>
          <input type="number" min={1} max={240} value={autoLock} onChange={(e) => (setAutoLock(e.target.value), setSaved(false))} />
        </label>
        <label className="field">
          <span>RPO target: a source whose newest snapshot is older is stale (hours)</span>
          <input type="number" min={1} value={rpo} onChange={(e) => (setRpo(e.target.value), setSaved(false))} />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary">
          Save
        </button>
        {saved && <span role="status"> ✔ Saved</span>}
      </form>
    </section>
  );
}
