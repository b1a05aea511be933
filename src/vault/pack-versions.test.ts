import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../storage/blob-store.js';
import { makeVault } from '../../test/helpers/vault.js';
import { ONE_BY_ONE, PackVersions } from './pack-versions.js';

const pack = (i: number) => `data/${i.toString(16).padStart(2, '0')}/${i.toString(16).padStart(2, '0')}${'a'.repeat(62)}`;

async function storeOf(n: number): Promise<{ store: BlobStore; prefixes: string[] }> {
  const { store } = await makeVault(); // a real folder vault
  const until = { retainUntil: new Date(Date.now() + 86_400_000) };
  for (let i = 0; i < n; i++) await store.put(pack(i), Buffer.alloc(i + 1), until);
  await store.put(`${pack(0)}-junk`, Buffer.alloc(99), until); // another key that starts with a pack's
  const prefixes: string[] = [];
  const list = store.list.bind(store);
  store.list = (prefix) => (prefixes.push(prefix), list(prefix));
  const versionsOf = store.versionsOf!.bind(store);
  store.versionsOf = (key) => (prefixes.push(`key ${key}`), versionsOf(key));
  return { store, prefixes };
}

describe("packs' first versions", () => {
  it('are looked up by their own key for a few packs, each once', async () => {
    const { store, prefixes } = await storeOf(40);
    const versions = new PackVersions(store);
    expect((await versions.get(pack(0)))?.size).toBe(1); // the pack, not the longer key beside it
    expect((await versions.get(pack(7)))?.size).toBe(8);
    expect((await versions.get(pack(0)))?.size).toBe(1);
    expect(await versions.get('data/ff/ff00')).toBeUndefined();
    expect(prefixes).toEqual([`key ${pack(0)}`, `key ${pack(7)}`, 'key data/ff/ff00']); // a stat each, not a listing of the pack's folder
  });

  it('past a few, from one listing of data/ for every pack after', async () => {
    const { store, prefixes } = await storeOf(40);
    const versions = new PackVersions(store);
    const sizes = await Promise.all(Array.from({ length: 30 }, (_, i) => versions.get(pack(i)).then((v) => v?.size)));
    expect(sizes).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(prefixes).toHaveLength(ONE_BY_ONE + 1);
    expect(prefixes.at(-1)).toBe('data/');
    expect((await versions.get(pack(0)))?.size).toBe(1);
    expect(prefixes).toHaveLength(ONE_BY_ONE + 1);
  });
});
