import { describe, expect, it } from 'vitest';
import { makeVault } from '../../../test/helpers/vault.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { configKey } from '../../vault/config.js';
import { loadConfig } from '../../vault/load-config.js';
import { putConfig } from '../../vault/put-config.js';
import { DAY_MS } from '../../util/clock.js';
import { revokeWriter } from './vault-admin.js';

/** The store, with the config keys in `hidden` left out of every listing: taken after the listing, or where no listing shows them. */
function hiding(store: BlobStore, hidden: Set<string>): BlobStore {
  const list: BlobStore['list'] = async (prefix, options) => (await store.list(prefix, options)).filter((v) => !hidden.has(v.key));
  return new Proxy(store, {
    get: (target, name) => {
      if (name === 'list') return list;
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a config number the listing showed free but the put found taken', () => {
  it('is skipped and reported like a listed one: the change lands a random distance past it', async () => {
    const v = await makeVault();
    await v.store.put(configKey(3), Buffer.from('garbage'), { retainUntil: new Date(Date.now() + DAY_MS) });
    const skipped: string[] = [];
    const store = hiding(v.store, new Set([configKey(3)]));
    const body = await revokeWriter({ store, identity: v.identity, clock: v.clock, writer: 'test-agent', onSkipped: (k) => skipped.push(...k) });
    expect(body.seq).toBeGreaterThan(3);
    expect(body.seq).toBeLessThanOrEqual(3 + 1_000_000);
    expect(skipped).toEqual([configKey(3)]);
    expect((await loadConfig(v.store, v.identity.custodyPublic)).config.body.writers[0]!.revoked).toBeTruthy();
  });

  it('is never skipped when another operator\'s config is there: this change was made from the config before theirs', async () => {
    const v = await makeVault();
    const { config, hash } = await loadConfig(v.store, v.identity.custodyPublic);
    await putConfig(v.store, { ...config.body, seq: 3, previous: hash }, v.identity.custodySeed, v.clock);
    const store = hiding(v.store, new Set([configKey(3)]));
    await expect(revokeWriter({ store, identity: v.identity, clock: v.clock, writer: 'test-agent' })).rejects.toThrow(/another operator changed vault .* at the same moment \(config\/00000003\)/);
    expect((await loadConfig(v.store, v.identity.custodyPublic)).config.body.seq).toBe(3);
  });

  it('lands past an agent that fills the next numbers the moment the operator lists them (red team 6: 64 sequential tries, all taken)', async () => {
    const v = await makeVault();
    const raced = new Set<string>();
    for (let seq = 3; seq < 3 + 200; seq++) raced.add(configKey(seq));
    for (const key of raced) await v.store.put(key, Buffer.from('garbage'), { retainUntil: new Date(Date.now() + DAY_MS) });
    const body = await revokeWriter({ store: hiding(v.store, raced), identity: v.identity, clock: v.clock, writer: 'test-agent' });
    expect(body.seq).toBeGreaterThan(3);
    expect((await loadConfig(v.store, v.identity.custodyPublic)).config.body.writers[0]!.revoked).toBeTruthy();
  });
});
