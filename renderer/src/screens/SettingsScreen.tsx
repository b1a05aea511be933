import { useEffect, useState } from 'react';
import { useSettings } from '../stores/settings.js';
import { ErrorNote } from '../components/ErrorNote.js';

export function SettingsScreen() {
  const { settings, error, load, save } = useSettings();
  const [autoLock, setAutoLock] = useState('');
  const [rpo, setRpo] = useState('');
  const [roots, setRoots] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (settings) {
      setAutoLock(String(settings.autoLockMinutes));
      setRpo(String(settings.rpoHours));
      setRoots(settings.inPlaceRoots.join('\n'));
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
          const inPlaceRoots = roots.split('\n').map((r) => r.trim()).filter(Boolean);
          setSaved(await save({ autoLockMinutes: Number(autoLock), rpoHours: Number(rpo), inPlaceRoots }));
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
        <label className="field">
          <span>Folders restored in place, one per line (and what is inside them): where a snapshot says a source lives is its writer&apos;s word, so only these are written back where they were</span>
          <textarea rows={4} value={roots} placeholder="/etc/app" spellCheck={false} onChange={(e) => (setRoots(e.target.value), setSaved(false))} />
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
