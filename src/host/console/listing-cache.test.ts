import { describe, expect, it } from 'vitest';
import { ListingCache } from './listing-cache.js';

const listing = (size: number) => ({ size });

describe('the console keeps the folders it listed last, bounded', () => {
  it('drops the least recently used past its number of folders', () => {
    const cache = new ListingCache<{ size: number }>(2, 1000);
    cache.set('a', listing(1));
    cache.set('b', listing(1));
    cache.get('a'); // a used after b
    cache.set('c', listing(1));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((l) => !!l)).toEqual([true, false, true]);
  });

  it('drops the oldest past its entries, but keeps the newest even when it alone passes the bound', () => {
    const cache = new ListingCache<{ size: number }>(8, 100);
    cache.set('a', listing(60));
    cache.set('b', listing(30));
    expect(cache.entriesHeld).toBe(90);
    cache.set('c', listing(20)); // 110: a goes
    expect(cache.get('a')).toBeUndefined();
    expect(cache.entriesHeld).toBe(50);
    cache.set('huge', listing(500));
    expect(cache.entriesHeld).toBe(500);
    expect(cache.get('huge')).toEqual(listing(500));
    cache.set('huge', listing(5)); // replaced, not counted twice
    expect(cache.entriesHeld).toBe(5);
  });

  it('makes a listing once however many ask for it at once, and not again once kept', async () => {
    const cache = new ListingCache<{ size: number }>();
    let made = 0;
    let finish!: () => void;
    const make = () => (made++, new Promise<{ size: number }>((ok) => (finish = () => ok(listing(3)))));
    const both = Promise.all([cache.list('k', make), cache.list('k', make)]);
    finish();
    const [one, two] = await both;
    expect(one).toBe(two);
    expect(await cache.list('k', make)).toBe(one);
    expect(made).toBe(1);
  });

  it('a listing that fails is not kept: the next ask makes it again', async () => {
    const cache = new ListingCache<{ size: number }>();
    await expect(cache.list('k', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.list('k', async () => listing(1))).toEqual(listing(1));
  });

  it('a listing that finishes after clear (the console locked) is handed to its caller but not kept', async () => {
    const cache = new ListingCache<{ size: number }>();
    let finish!: () => void;
    const asked = cache.list('k', () => new Promise((ok) => (finish = () => ok(listing(3)))));
    cache.clear();
    finish();
    expect(await asked).toEqual(listing(3));
    expect(cache.get('k')).toBeUndefined();
    expect(cache.entriesHeld).toBe(0);
  });
});
