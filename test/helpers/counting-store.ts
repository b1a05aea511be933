import type { BlobStore, ListedPage, ListedVersion, ListOptions } from '../../src/storage/blob-store.js';

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

export interface CountedListings {
  store: BlobStore;
  /** Rows under the prefix the store handed out so far, by list, listLazy, listPages and versionsOf together. */
  rows(): number;
  /** Each listing asked for under the prefix: `list PREFIX`, `pages PREFIX` or `key KEY`. */
  asked: string[];
}

/** The store, counting what its listings under `prefix` hand out: what a reader pays for whatever lies there. */
export function countingListings(store: BlobStore, prefix: string): CountedListings {
  let rows = 0;
  const asked: string[] = [];
  const under = (p: string) => p.startsWith(prefix) || prefix.startsWith(p);
  const count = (vs: ListedVersion[]) => (rows += vs.filter((v) => v.key.startsWith(prefix)).length, vs);
  const wrap: Partial<Record<keyof BlobStore, unknown>> = {
    list: async (p: string, o?: ListOptions) => (under(p) && asked.push(`list ${p}`), count(await store.list(p, o))),
    ...(store.listLazy && { listLazy: async (p: string, o?: ListOptions) => (under(p) && asked.push(`list ${p}`), count(await store.listLazy!(p, o))) }),
    ...(store.versionsOf && { versionsOf: async (k: string) => (under(k) && asked.push(`key ${k}`), count(await store.versionsOf!(k))) }),
    ...(store.listPages && {
      listPages: async function* (p: string): AsyncGenerator<ListedPage> {
        if (under(p)) asked.push(`pages ${p}`);
        for await (const page of store.listPages!(p)) {
          count(page.versions);
          yield page;
        }
      },
    }),
  };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop in wrap) return wrap[prop as keyof BlobStore];
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, rows: () => rows, asked };
}
