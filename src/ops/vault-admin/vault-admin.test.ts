import { describe, expect, it } from 'vitest';
import { makeVault } from '../../../test/helpers/vault.js';
import { configKey } from '../../vault/config.js';
import { loadConfig } from '../../vault/load-config.js';
import { DAY_MS } from '../../util/clock.js';
import { revokeWriter } from './vault-admin.js';
import { enrollWriter } from './enroll-writer.js';

describe('config numbers taken ahead by someone else', () => {
  it('revoke and enroll skip occupied config keys, report them, and the new config wins', async () => {
    const v = await makeVault();
    const garbage = { retainUntil: new Date(Date.now() + DAY_MS) };
    // makeVault wrote config 1 (init) and 2 (enroll); a hijacked agent takes 3 and 4
    await v.store.put(configKey(3), Buffer.from('garbage'), garbage);
    await v.store.put(configKey(4), Buffer.from('{"body":{}}'), garbage);
    const skipped: string[][] = [];
    const body = await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: 'test-agent', onSkipped: (k) => skipped.push(k) });
    expect(body.seq).toBe(5);
    expect(skipped).toEqual([[configKey(3), configKey(4)]]);
    const loaded = await loadConfig(v.store, v.identity.custodyPublic);
    expect(loaded.config.body.seq).toBe(5);
    expect(loaded.config.body.writers[0]!.revoked).toBeTruthy();
    expect(loaded.tampered).toHaveLength(2);

    await v.store.put(configKey(6), Buffer.from('garbage'), garbage);
    const enrolled: string[] = [];
    await enrollWriter({ store: v.store, identity: v.identity, label: 'second', clock: v.clock, onSkipped: (k) => enrolled.push(...k) });
    expect(enrolled).toEqual([configKey(6)]);
    expect((await loadConfig(v.store, v.identity.custodyPublic)).config.body.seq).toBe(7);
  });

  it('says nothing when the next number is free', async () => {
    const v = await makeVault();
    const skipped: string[] = [];
    const body = await revokeWriter({ store: v.store, identity: v.identity, clock: v.clock, writer: 'test-agent', onSkipped: (k) => skipped.push(...k) });
    expect(body.seq).toBe(3);
    expect(skipped).toEqual([]);
  });
});
