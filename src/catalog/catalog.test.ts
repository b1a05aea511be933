import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrate, openCatalog } from './catalog.js';
import { MIGRATIONS } from './migrations.js';
import { VaultRecords } from './vault-records.js';
import { SettingsStore, type Settings } from './settings.js';
import { AuditLog } from './audit-log.js';
import { tempDir } from '../../test/helpers/vault.js';

describe('catalog', () => {
  it('applies each migration once, in order, and refuses a newer schema', () => {
    const db = openCatalog(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    migrate(db, MIGRATIONS); // again: nothing to do, no error
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => (r as { name: string }).name)).toEqual(['audit', 'settings', 'vaults']);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer Bulkhead/);
  });

  it('migrates step by step: a catalog at version 1 reaches the latest with its rows intact', () => {
    const db = openCatalog(':memory:', MIGRATIONS.slice(0, 1));
    new VaultRecords(db).add({ name: 'prod', url: 'file:///v', identityPath: null, added: '2026-01-01T00:00:00Z' });
    migrate(db, MIGRATIONS);
    expect(new VaultRecords(db).list().map((v) => v.name)).toEqual(['prod']);
  });

  it('keeps vaults across a restart of the console, one per name and per URL', () => {
    const path = join(tempDir(), 'console.db');
    const first = openCatalog(path);
    const v = new VaultRecords(first).add({ name: 'prod', url: 's3://bucket/p?profile=ops', identityPath: '/home/me/id.json', added: '2026-01-01T00:00:00Z' });
    first.close();
    const db = openCatalog(path);
    const vaults = new VaultRecords(db);
    expect(vaults.list()).toEqual([v]);
    expect(() => vaults.add({ name: 'prod', url: 'file:///other', identityPath: null, added: 'x' })).toThrow(/"prod" already uses/);
    expect(() => vaults.add({ name: 'other', url: 's3://bucket/p?profile=ops', identityPath: null, added: 'x' })).toThrow(/"prod" already uses/);
    vaults.remove(v.id);
    expect(() => vaults.get(v.id)).toThrow(/not in the console/);
    expect(vaults.list()).toEqual([]);
  });

  it('settings start at the defaults, a change survives a restart, and keys it does not know are not stored', () => {
    const path = join(tempDir(), 'console.db');
    const first = openCatalog(path);
    expect(new SettingsStore(first).get()).toEqual({ autoLockMinutes: 10, rpoHours: 24, inPlaceRoots: [] });
    new SettingsStore(first).set({ autoLockMinutes: 3, colour: 'red' } as Partial<Settings>);
    first.close();
    const db = openCatalog(path);
    expect(new SettingsStore(db).get()).toEqual({ autoLockMinutes: 3, rpoHours: 24, inPlaceRoots: [] });
    expect(db.prepare('SELECT key FROM settings ORDER BY key').all()).toEqual([{ key: 'autoLockMinutes' }]);
  });

  it('the audit log is hash-chained: an edited entry shows where the chain breaks', () => {
    const db = openCatalog(':memory:');
    const log = new AuditLog(db);
    for (const action of ['unlock', 'restore', 'lock']) log.append({ time: '2026-01-01T00:00:00Z', action, outcome: 'ok', vault: null, detail: action });
    expect(log.read()).toMatchObject({ brokenAt: null });
    expect(log.read().entries.map((e) => e.action)).toEqual(['lock', 'restore', 'unlock']);
    db.prepare("UPDATE audit SET outcome = 'failed' WHERE seq = 2").run();
    expect(log.read().brokenAt).toBe(2);
  });
});
