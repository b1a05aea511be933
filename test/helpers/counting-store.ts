import type { BlobStore } from '../../src/storage/blob-store.js';

export interface CountedReads {
  store: BlobStore;
  /** Reads of keys under the prefix so far. */
  reads(): number;
  /** The most reads under the prefix in flight at once, of all keys or of those `big` picks. */
  mostAtOnce(big?: boolean): number;
}

/** The store, counting reads of the keys under `prefix` and how many were in flight at once. */
export function countingReads(store: BlobStore, prefix: string, big: (key: string) => boolean = () => false): CountedReads {
  let reads = 0;
  const now = { all: 0, big: 0 };
  const most = { all: 0, big: 0 };
  const get = async (key: string, opts: unknown) => {
    if (!key.startsWith(prefix)) return store.get(key, opts as never);
    reads++;
    const b = big(key);
    now.all++;
    if (b) now.big++;
    most.all = Math.max(most.all, now.all);
    most.big = Math.max(most.big, now.big);
    try {
      return await store.get(key, opts as never);
    } finally {
      now.all--;
      if (b) now.big--;
    }
  };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'get') return get;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, reads: () => reads, mostAtOnce: (onlyBig = false) => (onlyBig ? most.big : most.all) };
}
