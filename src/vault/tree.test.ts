import { describe, expect, it } from 'vitest';
import { decodeTree, encodeTree, treeSchema } from './tree.js';

const good = { name: 'a', kind: 'file', mode: 420, mtime: 1, size: 3, blobs: ['x'] };
const samples: unknown[] = [
  good,
  { name: 'd', kind: 'dir', mode: 493, mtime: 1, size: 0, subtree: 'id' },
  { name: 'l', kind: 'symlink', mode: 511, mtime: 1, size: 0, target: 't', rawTarget: 'dA==' },
  { ...good, rawName: 'gA==' },
  { ...good, name: 1 },
  { ...good, kind: 'fifo' },
  { ...good, mode: 1.5 },
  { ...good, mtime: '1' },
  { ...good, size: null },
  { ...good, blobs: 'x' },
  { ...good, blobs: [1] },
  { ...good, subtree: 5 },
  { ...good, target: false },
  { name: 'a', kind: 'file', mode: 1, mtime: 1 },
  null,
  'entry',
];

describe('tree decoding', () => {
  it('accepts and refuses exactly what the schema does', () => {
    for (const entry of samples) {
      const bytes = Buffer.from(JSON.stringify({ entries: [entry] }));
      const bySchema = treeSchema.safeParse({ entries: [entry] }).success;
      const byHand = (() => {
        try {
          decodeTree(bytes);
          return true;
        } catch {
          return false;
        }
      })();
      expect([JSON.stringify(entry), byHand]).toEqual([JSON.stringify(entry), bySchema]);
    }
  });

  it('round-trips, and refuses what is not a tree', () => {
    const tree = treeSchema.parse({ entries: samples.slice(0, 4) });
    expect(decodeTree(encodeTree(tree))).toEqual(tree);
    expect(() => decodeTree(Buffer.from('{"entries":{}}'))).toThrow();
    expect(() => decodeTree(Buffer.from('[]'))).toThrow();
    expect(() => decodeTree(Buffer.from('null'))).toThrow();
  });
});
