import type { Db } from './catalog.js';

export interface Settings {
  autoLockMinutes: number;
  rpoHours: number;
}

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 10, rpoHours: 24 };

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const out: Settings = { ...DEFAULT_SETTINGS };
    for (const { key, value } of rows) if (key in out) out[key as keyof Settings] = Number(value);
    return out;
  }

  set(changes: Partial<Settings>): Settings {
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of Object.entries(changes)) if (value !== undefined && key in DEFAULT_SETTINGS) put.run(key, String(value));
    return this.get();
  }
}
