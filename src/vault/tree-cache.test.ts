import { describe, expect, it } from 'vitest';
import { TreeCache } from './tree-cache.js';
import type { ReadTree } from './tree.js';

const tree = (n: number): ReadTree => ({ entries: Array.from({ length: n }, (_, i) => ({ name: `f${i}`, kind: 'file', mode: 0o644, mtime: 0, size: 0 })), refused: [] });

describe('the decoded-tree cache', () => {
  it('keeps at most its bound of entries, dropping the least recently used first, never the tree just added', () => {
    const cache = new TreeCache(25);
    cache.set('a', tree(9));
    cache.set('b', tree(9));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('c', tree(9));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.entriesHeld).toBe(20);
    cache.set('huge', tree(100)); // larger than the bound: kept alone until the next
    expect(cache.entriesHeld).toBe(101);
    expect(cache.get('huge')).toBeDefined();
    expect(cache.get('a')).toBeUndefined();
  });

  it('adopts another cache\'s trees in their order, within its own bound', () => {
    const old = new TreeCache(100);
    old.set('a', tree(9));
    old.set('b', tree(9));
    old.get('a'); // a most recently used
    const fresh = new TreeCache(15);
    fresh.adopt(old);
    expect(fresh.get('b')).toBeUndefined(); // b was the older: it went to stay within 15
    expect(fresh.get('a')).toBe(old.get('a'));
  });
});
