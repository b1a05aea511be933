import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import { record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import { SharePool } from './share-pool.js';
import { shareTextFromImage } from '../../ops/custody/share-image.js';

export function sessionHandlers(
  deps: ConsoleDeps,
  /** The e2e tests set an idle time of seconds (BULKHEAD_CONSOLE_TEST_IDLE=1); operators set whole minutes. */
  testIdle = process.env.BULKHEAD_CONSOLE_TEST_IDLE === '1',
): HandlerGroup<'session.status' | 'session.unlock' | 'session.addShare' | 'session.clearShares' | 'session.lock' | 'session.activity' | 'settings.get' | 'settings.set' | 'audit.list'> {
  // from the core's start time (ms): a restarted core's answers count as newer than the last one's
  let answered = Date.now();
  const status = () => ({ ...deps.session.state(), autoLockMinutes: deps.settings.get().autoLockMinutes, seq: ++answered });
  const pool = new SharePool();
  // The operator browses next: open every known vault's snapshot list now, in the background, so
  // the first screen that needs it does not wait (errors surface there instead). Not the index: on
  // a year of hourly backups its load would hold up the Dashboard's posture; it loads on first browse.
  const prefetch = () => {
    for (const v of deps.vaults.list()) void deps.readers.reader(v.id, false, false, { index: false }).then((r) => r.snapshots()).catch(() => {});
  };
  return {
    'session.status': async () => status(),

    'session.unlock': async ({ identity, passphrase }) => {
      const secret = Buffer.from(passphrase, 'utf8');
      const name = 'path' in identity ? identity.path : identity.name;
      try {
        const state = await deps.session.unlock(identity, secret);
        record(deps, { action: 'unlock', outcome: 'ok', vault: null, detail: `${name} (recipient ${state.fingerprint})` });
        prefetch();
        return status();
      } catch (e) {
        record(deps, { action: 'unlock', outcome: 'failed', vault: null, detail: `${name}: ${isBulkheadError(e) ? e.code : 'error'}` });
        throw e;
      } finally {
        secret.fill(0);
      }
    },

    'session.addShare': async (args) => {
      try {
        const text = 'image' in args ? shareTextFromImage(Buffer.from(args.image, 'base64'), args.name) : args.text;
        const { state, identity } = await pool.add(text);
        if (identity) {
          const holders = state.received.map((r) => r.holder).join(', ');
          deps.session.adopt(identity, `shares of ${holders}`);
          prefetch();
          record(deps, { action: 'unlock', outcome: 'ok', vault: null, detail: `quorum of ${state.received.length} shares (${holders}), recipient ${identity.recipientFingerprint}` });
        }
        return { ...state, unlocked: !!identity };
      } catch (e) {
        // Not the message: it can name a share word ("perhaps …"), and shares never reach the disk.
        record(deps, { action: 'unlock', outcome: 'failed', vault: null, detail: `share refused (${isBulkheadError(e) ? e.code : 'error'})` });
        throw e;
      }
    },

    'session.clearShares': async () => {
      pool.clear();
      return {};
    },

    'session.lock': async () => {
      if (deps.session.lock()) record(deps, { action: 'lock', outcome: 'ok', vault: null, detail: 'locked by the operator' });
      return status();
    },

    'session.activity': async () => {
      deps.session.touch();
      return status();
    },

    'settings.get': async () => deps.settings.get(),
    'settings.set': async (changes) => {
      const minutes = changes.autoLockMinutes;
      if (minutes !== undefined && !testIdle && (!Number.isInteger(minutes) || minutes < 1)) {
        throw new BulkheadError('USAGE', 'the idle time is a whole number of minutes, from 1 to 240');
      }
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
