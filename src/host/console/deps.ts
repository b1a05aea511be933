import type { ApiName, ApiParsedArgs, ApiResult } from '../../api/table.js';
import type { IdleGate } from './idle-gate.js';
import type { HostContext } from '../context.js';
import type { Clock } from '../../util/clock.js';
import type { VaultRecords } from '../../catalog/vault-records.js';
import type { SettingsStore } from '../../catalog/settings.js';
import type { AuditLog, AuditEntry } from '../../catalog/audit-log.js';
import type { IdentitySession } from './identity-session.js';
import type { VaultReaders } from './vault-readers.js';
import type { Jobs } from './jobs.js';
import type { PlanBook } from './plans.js';
import type { VaultReader } from '../../vault/reader.js';

/** What every handler may use: built once by the console host. */
export interface ConsoleDeps {
  host: HostContext;
  clock: Clock;
  vaults: VaultRecords;
  settings: SettingsStore;
  audit: AuditLog;
  session: IdentitySession;
  readers: VaultReaders;
  jobs: Jobs;
  plans: PlanBook;
  /** Requests in flight: work done ahead waits for none (idle-gate.ts). */
  idle: IdleGate;
}

export type Handlers = { [N in ApiName]: (args: ApiParsedArgs<N>) => Promise<ApiResult<N>> };

export type HandlerGroup<K extends ApiName> = Pick<Handlers, K>;

/** Appends to the audit log with the current time. */
export function record(deps: ConsoleDeps, e: Omit<AuditEntry, 'seq' | 'time'>): void {
  deps.audit.append({ time: deps.clock.now().toISOString(), ...e });
}

/**
 * What a background job reads with stays its own until the job ends: the unlocked key and the open
 * reader survive a lock meanwhile (the session forgets them at once; they are wiped at the release).
 */
export function holdForJob(deps: ConsoleDeps, reader: VaultReader): () => void {
  const releaseKey = deps.session.hold();
  const releaseReader = deps.readers.lease(reader);
  return () => {
    releaseReader();
    releaseKey();
  };
}
