import { describe, expect, it } from 'vitest';
import { decodeCounts, encodeCounts } from './counts-codec.js';
import type { KnownCounts } from './counts-cache.js';
import type { RefEvents } from './ref-events.js';

const id = (c: string) => c.repeat(64);

describe('counts codec', () => {
  it('gives back every tree, manifest, pair and part count it was given, events and branch names included', () => {
    const k: Required<KnownCounts> = {
      trees: new Map([[id('a'), { files: 3, dirs: 1, bytes: 2 ** 40 + 7 }], [id('b'), { files: 0, dirs: 1, bytes: 0 }]]),
      manifests: new Map([[id('c'), { refs: 120, pipelines: 4, files: 900 }]]),
      pairs: new Map([
        [`1::${id('c')}`, {}] as [string, RefEvents],
        [`1:${id('c')}:${id('d')}`, { deleted: { first: ['main'], count: 1 }, defaultBranch: { from: 'main', to: null } }] as [string, RefEvents],
      ]),
      parts: new Map([[`files:${id('e')}`, 900], [`pipelines:${id('f')}:release/ü-2`, 4], [`pipelines:${id('f')}:`, 0]]),
    };
    expect(decodeCounts(encodeCounts(k))).toEqual(k);
  });

  it('holds a cache past its first buffer (a wide writer has 200,000 trees)', () => {
    const trees = new Map(Array.from({ length: 30_000 }, (_, i) => [i.toString(16).padStart(64, '0'), { files: i, dirs: 1, bytes: i * 10 }]));
    const back = decodeCounts(encodeCounts({ trees, manifests: new Map() }));
    expect(back.trees).toEqual(trees);
  });

  it('leaves out what it does not know the shape of (counted again), and refuses bytes it did not write', () => {
    const k: KnownCounts = {
      trees: new Map([['not-an-id', { files: 1, dirs: 1, bytes: 1 }], [id('a'), { files: 1, dirs: 1, bytes: 1 }]]),
      manifests: new Map(),
      pairs: new Map([['1:x:y', {}]]),
      parts: new Map([[`files:${id('e')}:extra`, 1]]),
    };
    const back = decodeCounts(encodeCounts(k));
    expect([...back.trees.keys()]).toEqual([id('a')]);
    expect([back.pairs.size, back.parts.size]).toEqual([0, 0]);
    const bytes = encodeCounts(k);
    expect(() => decodeCounts(bytes.subarray(0, bytes.length - 3))).toThrow(/cut short/);
    expect(() => decodeCounts(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/trailing/);
    expect(() => decodeCounts(Buffer.from('{"trees":{}}'))).toThrow(/not this format/);
  });
});
