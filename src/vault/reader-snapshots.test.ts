import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../storage/blob-store.js';
import { VaultReader } from './reader.js';
import { makeVault } from '../../test/helpers/vault.js';

/** The store, counting listings of `snapshots/`; `failNext` makes the next one fail. */
function counted(store: BlobStore) {
  const seen = { lists: 0, failNext: false };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'list')
        return async (prefix: string) => {
          if (prefix === 'snapshots/') {
            seen.lists++;
            if (seen.failNext) {
              seen.failNext = false;
              throw new Error('the store is unreachable');
            }
          }
          return target.list(prefix);
        };
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, seen };
}

describe("a reader's snapshot listing", () => {
  it('is made once for callers that ask at the same time (the Dashboard: posture and the list)', async () => {
    const v = await makeVault();
    const { store, seen } = counted(v.store);
    const reader = await VaultReader.open(store, v.identity, undefined, { lazyIndex: true });
    const before = seen.lists;
    const [a, b] = await Promise.all([reader.snapshots(), reader.snapshots()]);
    expect(a).toBe(b);
    expect(await reader.snapshots()).toBe(a);
    expect(seen.lists - before).toBe(1);
  });

  it('is made again after a listing that failed', async () => {
    const v = await makeVault();
    const { store, seen } = counted(v.store);
    const reader = await VaultReader.open(store, v.identity, undefined, { lazyIndex: true });
    seen.failNext = true;
    await expect(reader.snapshots()).rejects.toThrow(/unreachable/);
    const listing = await reader.snapshots();
    expect(listing.snapshots).toEqual([]);
  });
});
