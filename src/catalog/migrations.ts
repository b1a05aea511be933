/**
 * Numbered schema migrations, applied in order and recorded in `PRAGMA user_version`. Never edit
 * one that has shipped: add the next. The catalog holds no key material, ever.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: vault connections (no credentials), settings, the hash-chained audit log.
  `CREATE TABLE vaults (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     url TEXT NOT NULL UNIQUE,
     identity_path TEXT,
     added TEXT NOT NULL
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY,
     time TEXT NOT NULL,
     action TEXT NOT NULL,
     outcome TEXT NOT NULL,
     vault TEXT,
     detail TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );`,
];
