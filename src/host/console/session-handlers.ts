import { isBulkheadError } from '../../util/errors.js';
import { record, type ConsoleDeps, type HandlerGroup } from './deps.js';

export function sessionHandlers(deps: ConsoleDeps): HandlerGroup<'session.status' | 'session.unlock' | 'session.lock' | 'settings.get' | 'settings.set' | 'audit.list'> {
  const status = () => ({ ...deps.session.state(), autoLockMinutes: deps.settings.get().autoLockMinutes });
  return {
    'session.status': async () => status(),

    'session.unlock': async ({ identity, passphrase }) => {
      const secret = Buffer.from(passphrase, 'utf8');
      const name = 'path' in identity ? identity.path : identity.name;
      try {
        const state = await deps.session.unlock(identity, secret);
        record(deps, { action: 'unlock', outcome: 'ok', vault: null, detail: `${name} (recipient ${state.fingerprint})` });
        return status();
      } catch (e) {
        record(deps, { action: 'unlock', outcome: 'failed', vault: null, detail: `${name}: ${isBulkheadError(e) ? e.code : 'error'}` });
        throw e;
      } finally {
        secret.fill(0);
      }
    },

    'session.lock': async () => {
      if (deps.session.lock()) record(deps, { action: 'lock', outcome: 'ok', vault: null, detail: 'locked by the operator' });
      return status();
    },

    'settings.get': async () => deps.settings.get(),
    'settings.set': async (changes) => {
      const next = deps.settings.set(changes);
      deps.session.touch(); // a new idle time applies from now
      return next;
    },

    'audit.list': async () => {
      const { entries, brokenAt } = deps.audit.read();
      return { entries, intact: brokenAt === null, brokenAt };
    },
  };
}
