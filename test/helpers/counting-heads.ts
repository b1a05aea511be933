import type { BlobStore } from '../../src/storage/blob-store.js';

/** Counts HEAD requests, and which keys (instrumentation: every call goes to the real server). */
export function countingHeads(inner: BlobStore): { store: BlobStore; heads: () => number; asked: string[] } {
  const asked: string[] = [];
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'head') return (...a: Parameters<BlobStore['head']>) => (asked.push(a[0]), target.head(...a));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, heads: () => asked.length, asked };
}
