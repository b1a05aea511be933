import { listResolved } from '../../vault/listing.js';
import { posture } from '../../ops/inspect/posture.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { recordPosture, recordPostureFailure } from './posture-audit.js';
import { record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import { checkIdentityFile } from './identity-session.js';
import { requireFullPath } from './pseudo-fs.js';

export function vaultHandlers(deps: ConsoleDeps): HandlerGroup<'vaults.list' | 'vaults.add' | 'vaults.remove' | 'posture.get'> {
  return {
    'vaults.list': async () => deps.vaults.list(),

    'vaults.add': async ({ name, url, identityPath }) => {
      requireFullPath(url, 'vault folder');
      if (identityPath) requireFullPath(identityPath, 'identity file');
      // Connect before remembering: a typo in the URL is said now, not on first use.
      const store = await deps.host.openStore(url);
      const { objects } = await listResolved(store, 'config/');
      if (objects.size === 0) throw new BulkheadError('NO_VAULT', `there is no Bulkhead vault at ${store.url}; check the URL, or create one with "bulkhead vault init"`);
      if (identityPath) await checkIdentityFile(identityPath); // likewise a wrong file, or the writer's credential
      const added = deps.vaults.add({ name, url, identityPath, added: deps.clock.now().toISOString() });
      record(deps, { action: 'vault-add', outcome: 'ok', vault: name, detail: url });
      return added;
    },

    'vaults.remove': async ({ vaultId }) => {
      const v = deps.vaults.get(vaultId);
      deps.readers.forget(vaultId);
      deps.vaults.remove(vaultId);
      record(deps, { action: 'vault-remove', outcome: 'ok', vault: v.name, detail: `${v.url} (the vault itself is untouched)` });
      return {};
    },

    'posture.get': async ({ vaultId }) => {
      const v = deps.vaults.get(vaultId);
      const store = await deps.readers.store(vaultId);
      const reader = deps.session.unlocked ? await deps.readers.reader(vaultId, false, false, { index: false }) : undefined;
      try {
        const report = await posture({ store, reader, clock: deps.clock, rpoHours: deps.settings.get().rpoHours });
        recordPosture(deps, v.name, report);
        return { ...report, withIdentity: !!reader };
      } catch (e) {
        recordPostureFailure(deps, v.name, isBulkheadError(e) ? e.message : 'posture check failed');
        throw e;
      }
    },
  };
}
