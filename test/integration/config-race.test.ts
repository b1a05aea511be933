import { describe, expect, it } from 'vitest';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault } from '../helpers/vault.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { loadConfig } from '../../src/vault/load-config.js';
import type { BlobStore } from '../../src/storage/blob-store.js';

/**
 * The store, with one fault: a config put waits until the other operator's is on its way too, so
 * both have read the same config before either writes (on a busy machine the two would otherwise
 * often run one after the other, and no race would be tested).
 */
function racingConfigPuts(store: BlobStore, racers: number): BlobStore {
  let waiting = 0;
  let release!: () => void;
  const allThere = new Promise<void>((resolve) => (release = resolve));
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (name !== 'put' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (key: string, ...rest: unknown[]) => {
        if (key.startsWith('config/') && ++waiting === racers) release();
        if (key.startsWith('config/')) await allThere;
        return (value as (...a: unknown[]) => unknown).call(target, key, ...rest);
      };
    },
  });
}

describe('two operators racing for the same config sequence on S3', () => {
  it('the loser is told, and the vault keeps the first config', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const racing = racingConfigPuts(store, 2);
    const results = await Promise.allSettled([
      enrollWriter({ store: racing, identity: v.identity, label: 'a', clock: v.clock }),
      enrollWriter({ store: racing, identity: v.identity, label: 'b', clock: v.clock }),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(String((failed[0] as PromiseRejectedResult).reason.message)).toMatch(/another operator changed vault|refused to overwrite config\/00000003/);
    const { config } = await loadConfig(store, v.identity.custodyPublic);
    expect(config.body.seq).toBe(3);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ enrollment: { label: string } }>;
    expect(config.body.writers.map((w) => w.label)).toEqual(['test-agent', winner.value.enrollment.label]);
  });
});
