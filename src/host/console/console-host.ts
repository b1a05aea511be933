import { join } from 'node:path';
import { homedir } from 'node:os';
import type { HostContext } from '../context.js';
import { openCatalog } from '../../catalog/catalog.js';
import { VaultRecords } from '../../catalog/vault-records.js';
import { SettingsStore } from '../../catalog/settings.js';
import { AuditLog } from '../../catalog/audit-log.js';
import { IdentitySession } from './identity-session.js';
import { VaultReaders } from './vault-readers.js';
import { Jobs } from './jobs.js';
import { PlanBook } from './plans.js';
import { record, type ConsoleDeps, type Handlers } from './deps.js';
import { vaultHandlers } from './vault-handlers.js';
import { sessionHandlers } from './session-handlers.js';
import { browseHandlers } from './browse-handlers.js';
import { diffHandlers } from './diff-handlers.js';
import { restoreHandlers } from './restore-handlers.js';
import { keysHandlers } from './keys-handlers.js';
import { ceremonyHandlers } from './ceremony.js';
import { drillHandlers } from './drill-handlers.js';
import { makeDispatch, type Dispatch } from './dispatch.js';

/** Where the console keeps its catalog: BULKHEAD_CONSOLE_DIR, else the user's config folder. */
export function consoleDir(): string {
  if (process.env.BULKHEAD_CONSOLE_DIR) return process.env.BULKHEAD_CONSOLE_DIR;
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'bulkhead');
}

export interface ConsoleHost {
  dispatch: Dispatch;
  close(): void;
}

/** Builds the console's core: catalog, identity session, readers, jobs, and every API handler. */
export function createConsoleHost(host: HostContext, catalogPath = join(consoleDir(), 'console.db')): ConsoleHost {
  const db = openCatalog(catalogPath);
  const settings = new SettingsStore(db);
  const vaults = new VaultRecords(db);
  const audit = new AuditLog(db);
  const deps = { host, clock: host.clock, settings, vaults, audit, jobs: new Jobs(host.clock), plans: new PlanBook(host.clock) } as ConsoleDeps;
  deps.session = new IdentitySession(
    host.clock,
    () => settings.get().autoLockMinutes * 60_000,
    () => record(deps, { action: 'lock', outcome: 'ok', vault: null, detail: 'locked after the idle time' }),
    () => deps.jobs.running() > 0, // a running restore holds the idle lock off
  );
  deps.jobs.onSettled(() => deps.session.jobEnded());
  deps.session.onLock(() => deps.plans.clear()); // plans were made with the key: a new unlock plans again
  deps.readers = new VaultReaders(host, vaults, deps.session);
  const handlers: Handlers = {
    ...vaultHandlers(deps),
    ...sessionHandlers(deps),
    ...browseHandlers(deps),
    ...diffHandlers(deps),
    ...restoreHandlers(deps),
    ...keysHandlers(deps),
    ...ceremonyHandlers(deps),
    ...drillHandlers(deps),
  };
  return {
    dispatch: makeDispatch(handlers),
    close() {
      deps.session.lock();
      db.close();
    },
  };
}
