import type { Db } from './catalog.js';

export interface Settings {
  autoLockMinutes: number;
  rpoHours: number;
  /**
   * Folders on this machine the console restores into in place (and under them). A snapshot names
   * where its sources live, and its writer chose that: a hijacked one can name `~/.ssh`. Only
   * folders the operator listed here are written back in place; anything else goes into a folder.
   */
  inPlaceRoots: string[];
}

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 10, rpoHours: 24, inPlaceRoots: [] };

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const out: Settings = { ...DEFAULT_SETTINGS };
    for (const { key, value } of rows) {
      if (key === 'inPlaceRoots') out.inPlaceRoots = (JSON.parse(value) as unknown[]).filter((r): r is string => typeof r === 'string');
      else if (key === 'autoLockMinutes' || key === 'rpoHours') out[key] = Number(value);
    }
    return out;
  }

  set(changes: Partial<Settings>): Settings {
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || !(key in DEFAULT_SETTINGS)) continue;
      put.run(key, Array.isArray(value) ? JSON.stringify(value) : String(value));
    }
    return this.get();
  }
}

