import { randomUUID } from 'node:crypto';
import type { Db } from './catalog.js';
import { BulkheadError } from '../util/errors.js';

export interface VaultRecord {
  id: string;
  name: string;
  url: string;
  identityPath: string | null;
  added: string;
}

interface Row {
  id: string;
  name: string;
  url: string;
  identity_path: string | null;
  added: string;
}

const toRecord = (r: Row): VaultRecord => ({ id: r.id, name: r.name, url: r.url, identityPath: r.identity_path, added: r.added });

/** The vaults the console knows: a name, a URL and an identity path. Never credentials. */
export class VaultRecords {
  constructor(private readonly db: Db) {}

  list(): VaultRecord[] {
    return (this.db.prepare('SELECT * FROM vaults ORDER BY name').all() as Row[]).map(toRecord);
  }

  get(id: string): VaultRecord {
    const row = this.db.prepare('SELECT * FROM vaults WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new BulkheadError('NOT_FOUND', 'this vault is not in the console any more; add it again');
    return toRecord(row);
  }

  add(v: Omit<VaultRecord, 'id'>): VaultRecord {
    const clash = this.db.prepare('SELECT name FROM vaults WHERE name = ? OR url = ?').get(v.name, v.url) as { name: string } | undefined;
    if (clash) throw new BulkheadError('EXISTS', `a vault named "${clash.name}" already uses this name or URL`);
    const record = { id: randomUUID(), ...v };
    this.db.prepare('INSERT INTO vaults (id, name, url, identity_path, added) VALUES (?, ?, ?, ?, ?)').run(record.id, v.name, v.url, v.identityPath, v.added);
    return record;
  }

  setIdentityPath(id: string, path: string): void {
    this.db.prepare('UPDATE vaults SET identity_path = ? WHERE id = ?').run(path, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM vaults WHERE id = ?').run(id);
  }
}
