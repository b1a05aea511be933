import { describe, expect, it } from 'vitest';
import type { BlobStore, ListedPage, ListedVersion } from '../storage/blob-store.js';
import { packKey } from './blob-index.js';
import { firstVersions } from './existing-packs.js';

const id = (folder: number, n: number) => `${folder.toString(16).padStart(2, '0')}${n.toString(16).padStart(62, '0')}`;
const at = (key: string, t: number, extra: Partial<ListedVersion> = {}): ListedVersion => ({ key, size: 1, versionId: `v${t}`, lastModified: new Date(t * 1000), isDeleteMarker: false, ...extra });

/**
 * A store listing versions in key order, `pageSize` rows a page (S3 has 1,000), counting what it is
 * asked and how many rows it hands out: what a writer pays for the packs it asks about.
 */
function pagedStore(rows: ListedVersion[], pageSize: number) {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const asked = { pages: 0, keys: 0, rows: 0, lists: 0 };
  const under = (prefix: string) => sorted.filter((v) => v.key.startsWith(prefix));
  const store = {
    url: 'paged://test',
    list: async (prefix: string) => (asked.lists++, under(prefix)),
    versionsOf: async (key: string) => {
      asked.keys++;
      const mine = sorted.filter((v) => v.key === key);
      asked.rows += mine.length;
      return mine;
    },
    async *listPages(prefix: string): AsyncGenerator<ListedPage> {
      const all = under(prefix);
      for (let i = 0; i === 0 || i < all.length; i += pageSize) {
        asked.pages++;
        const versions = all.slice(i, i + pageSize);
        asked.rows += versions.length;
        yield { versions, more: i + pageSize < all.length };
      }
    },
  } as unknown as BlobStore;
  return { store, asked };
}

/** `n` junk keys in a folder: what a hijacked agent puts there (any name, undeletable under COMPLIANCE). */
const junk = (folder: number, n: number) => Array.from({ length: n }, (_, i) => at(packKey(id(folder, 0x1000 + i)), 1));

describe('firstVersions: which of a writer\'s packs the store holds', () => {
  it('lists only the folders its packs live in, once each, when they are small', async () => {
    const mine = [id(1, 1), id(1, 2), id(1, 3), id(2, 1), id(2, 2)];
    const others = Array.from({ length: 40 }, (_, i) => at(packKey(id(3 + i, 9)), 1)); // other agents' packs, other folders
    const { store, asked } = pagedStore([...mine.slice(0, 4).map((p) => at(packKey(p), 5)), ...others], 1000);
    const found = await firstVersions(store, mine);
    expect([...found.keys()].sort()).toEqual(mine.slice(0, 4).sort()); // id(2, 2) was never stored
    expect(asked).toEqual({ pages: 2, keys: 0, rows: 4, lists: 0 });
  });

  it('keeps the first version of a key, over later versions and delete markers, across a page boundary', async () => {
    const [a, b] = [id(7, 1), id(7, 2)];
    const rows = [at(packKey(a), 9), at(packKey(a), 3), at(packKey(a), 5, { isDeleteMarker: true }), at(packKey(b), 4), at(packKey(b), 2)];
    const { store } = pagedStore(rows, 2);
    const found = await firstVersions(store, [a, b]);
    expect(found.get(a)?.versionId).toBe('v3');
    expect(found.get(b)?.versionId).toBe('v2');
  });

  it('stops listing a folder flooded with junk once the listing has cost what asking each key would', async () => {
    const mine = [id(0xab, 1), id(0xab, 2), id(0xab, 3), id(0xcd, 1), id(0xcd, 2)];
    const rows = [...mine.map((p) => at(packKey(p), 5)), ...junk(0xab, 5000), ...junk(0xcd, 5000), ...junk(0x11, 5000)];
    const { store, asked } = pagedStore(rows, 100);
    const found = await firstVersions(store, mine);
    expect([...found.keys()].sort()).toEqual([...mine].sort());
    // These packs sort before the junk: each folder's first page has them all, so nothing is left to look for.
    expect(asked.pages).toBe(2);
    expect(asked.keys).toBe(0);

    const late = [id(0xab, 0xfffff1), id(0xab, 0xfffff2), id(0xab, 0xfffff3)]; // sort after the junk
    const flooded = pagedStore([...late.map((p) => at(packKey(p), 5)), ...junk(0xab, 5000)], 100);
    const got = await firstVersions(flooded.store, late);
    expect([...got.keys()].sort()).toEqual([...late].sort());
    expect(flooded.asked.pages).toBe(3); // then one key listing each: never the 50 pages of junk
    expect(flooded.asked.keys).toBe(3);
    expect(flooded.asked.rows).toBeLessThanOrEqual(3 * 100 + 3);
  });

  it('asks for a folder\'s one pack by its key', async () => {
    const one = id(0x42, 1);
    const { store, asked } = pagedStore([at(packKey(one), 1), ...junk(0x42, 500)], 100);
    expect((await firstVersions(store, [one])).has(one)).toBe(true);
    expect(asked).toEqual({ pages: 0, keys: 1, rows: 1, lists: 0 });
  });

  it('asks a store that lists no pages (a local folder) for each key, never listing data/', async () => {
    const mine = [id(1, 1), id(1, 2), id(9, 9)];
    const { store, asked } = pagedStore([at(packKey(mine[0]!), 1), at(packKey(mine[1]!), 1), ...junk(1, 300)], 100);
    delete (store as { listPages?: unknown }).listPages;
    expect([...(await firstVersions(store, mine)).keys()].sort()).toEqual(mine.slice(0, 2).sort());
    expect(asked).toEqual({ pages: 0, keys: 3, rows: 2, lists: 0 });
  });
});
