import { describe, expect, it } from 'vitest';
import { makeDispatch } from './dispatch.js';
import type { Handlers } from './deps.js';
import { BulkheadError } from '../../util/errors.js';
import { API_NAMES } from '../../api/table.js';

const handlers = {
  'session.lock': async () => ({ unlocked: false, fingerprint: null, identityPath: null, autoLockAt: null, autoLockMinutes: 10 }),
  'vaults.remove': async () => {
    throw new BulkheadError('NOT_FOUND', 'this vault is not in the console any more; add it again');
  },
  'vaults.list': async () => {
    throw new Error('SQLITE_CORRUPT at /home/me/.config/bulkhead/console.db');
  },
} as unknown as Handlers;

describe('dispatch', () => {
  const logged: string[] = [];
  const dispatch = makeDispatch(handlers, (l) => logged.push(l));

  it('answers { ok, value } for a valid call', async () => {
    expect(await dispatch('session.lock', {})).toMatchObject({ ok: true, value: { unlocked: false } });
  });

  it('refuses unknown methods and arguments that do not fit the schema, naming the field', async () => {
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await dispatch('session.lock', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    const bad = await dispatch('vaults.remove', { vaultId: 7 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect(!bad.ok && bad.error.message).toMatch(/vaultId/);
  });

  it('passes BulkheadErrors through with their code and sentence', async () => {
    expect(await dispatch('vaults.remove', { vaultId: 'x' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'this vault is not in the console any more; add it again' } });
  });

  it('never sends an unexpected error\'s text to the UI; it goes to the log', async () => {
    const r = await dispatch('vaults.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toMatch(/SQLITE|home/);
    expect(logged.join()).toMatch(/SQLITE_CORRUPT/);
  });

  it('refuses, for every method of the table, an argument the schema does not name before any handler runs', async () => {
    // The UI is not trusted: a key no schema declares (a typo, or a smuggled option) is refused for
    // every method, not only for those with a stub here. A handler that ran would answer something else.
    const none = makeDispatch({} as Handlers, () => {});
    for (const name of API_NAMES) {
      const r = await none(name, { __proto_smuggled__: true });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
      expect(!r.ok && r.error.message, name).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `));
    }
  });
});
