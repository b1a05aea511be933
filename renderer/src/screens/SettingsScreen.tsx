import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../src/api/session-methods.js';
import { useSettings } from '../stores/settings.js';
import { ErrorNote } from '../components/ErrorNote.js';

export function SettingsScreen() {
  const { settings, error, load } = useSettings();
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {/* No form before the settings are read: a late answer would overwrite what was typed, and Save would keep the old values. */}
      {settings ? <SettingsForm settings={settings} /> : error ? <ErrorNote message={error} /> : <p className="muted">Reading the settings…</p>}
    </section>
  );
}

/** The fields start from the settings read once; a later read (the same values) never replaces what the operator typed. */
function SettingsForm({ settings }: { settings: SettingsView }) {
  const { error, save } = useSettings();
  const [autoLock, setAutoLock] = useState(String(settings.autoLockMinutes));
  const [rpo, setRpo] = useState(String(settings.rpoHours));
  const [roots, setRoots] = useState(settings.inPlaceRoots.join('\n'));
  const [saved, setSaved] = useState(false);
  return (
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
  );
}
