import { join } from 'node:path';
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
import { forgeHandlers } from './forge-handlers.js';
import { ForgePlanBook } from './forge-plans.js';
import { makeDispatch, type Dispatch } from './dispatch.js';
import { IdleGate } from './idle-gate.js';
import { consoleDir } from '../../util/console-dir.js';
import type { Log } from '../../util/log-file.js';

export interface ConsoleHost {
  dispatch: Dispatch;
  close(): void;
}

/**
 * Builds the console's core: catalog, identity session, readers, jobs, and every API handler.
 * `log` gets what the UI is told only as "the console log has the details" (the front doors pass the
 * console log file, src/util/log-file.ts; stderr when none is given).
 */
export function createConsoleHost(host: HostContext, catalogPath = join(consoleDir(), 'console.db'), log?: Log): ConsoleHost {
  const db = openCatalog(catalogPath);
  const settings = new SettingsStore(db);
  const vaults = new VaultRecords(db);
  const audit = new AuditLog(db);
  const deps = { host, clock: host.clock, settings, vaults, audit, jobs: new Jobs(host.clock), plans: new PlanBook(host.clock), idle: new IdleGate() } as ConsoleDeps;
  deps.session = new IdentitySession(
    host.clock,
    () => settings.get().autoLockMinutes * 60_000,
    () => record(deps, { action: 'lock', outcome: 'ok', vault: null, detail: 'locked after the idle time' }),
    () => deps.jobs.running() > 0, // a running restore holds the idle lock off
  );
  deps.jobs.onSettled(() => deps.session.jobEnded());
  deps.session.onLock(() => deps.plans.clear()); // plans were made with the key: a new unlock plans again
  const forgePlans = new ForgePlanBook(host.clock);
  deps.session.onLock(() => forgePlans.clear()); // and forge plans hold the operator's token: it goes too
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
    ...forgeHandlers(deps, forgePlans),
  };
  const dispatch = makeDispatch(handlers, log);
  return {
    dispatch: (name, args) => deps.idle.track(dispatch(name, args)),
    close() {
      deps.session.lock();
      db.close();
    },
  };
}
