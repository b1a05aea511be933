import { describe, expect, it } from 'vitest';
import { decodeTree, encodeTree, treeSchema, type TreeEntry } from './tree.js';

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
  { ...good, uid: 0, gid: 4294967295 },
  { ...good, uid: -1 },
  { ...good, gid: 2 ** 32 },
  { ...good, uid: 1.5 },
  { ...good, gid: '0' },
  { ...good, link: '0123456789abcdef' },
  { ...good, link: 7 },
  { ...good, link: null },
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
    const tree = treeSchema.parse({ entries: [...samples.slice(0, 3), { ...good, name: '\ufffd', rawName: 'gA==' }] });
    expect(decodeTree(encodeTree(tree))).toEqual({ ...tree, refused: [] });
    expect(() => decodeTree(Buffer.from('{"entries":{}}'))).toThrow();
    expect(() => decodeTree(Buffer.from('[]'))).toThrow();
    expect(() => decodeTree(Buffer.from('null'))).toThrow();
  });
});

describe('tree entry names', () => {
  const file = (name: string, extra: Partial<TreeEntry> = {}): TreeEntry => ({ name, kind: 'file', mode: 420, mtime: 1, size: 0, ...extra });
  const read = (...entries: TreeEntry[]) => decodeTree(encodeTree({ entries }));
  const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

  it('refuses names that are not one path component, and keeps the rest', () => {
    const bad = ['', '.', '..', '../../x', 'a/../../x', '/etc/passwd', 'a/b', 'nul\0byte'];
    const tree = read(file('ok'), ...bad.map((n) => file(n)), { ...file('..'), kind: 'dir', subtree: 'x' }, { ...file('..'), kind: 'symlink', target: '/' });
    expect(tree.entries.map((e) => e.name)).toEqual(['ok']);
    expect(tree.refused.map((r) => r.name)).toEqual([...bad, '..', '..']);
    expect(tree.refused.find((r) => r.name === 'a/b')!.reason).toMatch(/contains "\/"/);
    expect(tree.refused.find((r) => r.name === '..')!.reason).toMatch(/names a folder itself/);
  });

  it('checks the raw bytes too, and that they match the name', () => {
    const latin1 = Buffer.from([0x61, 0xff]);
    const tree = read(
      file(latin1.toString('utf8'), { rawName: b64(latin1) }), // a real non-UTF-8 name
      file('x', { rawName: b64('../x') }),
      file('y', { rawName: b64(Buffer.from([0x79, 0])) }),
      file('z', { rawName: b64('w') }),
      file('v', { rawName: 'not base64!' }),
      file('u', { rawName: '' }),
    );
    expect(tree.entries.map((e) => e.rawName)).toEqual([b64(latin1)]);
    expect(tree.refused.map((r) => [r.name, r.reason])).toEqual([
      ['x', 'its raw name: the name contains "/"'],
      ['y', 'its raw name: the name contains a NUL byte'],
      ['z', 'its raw name and its name differ'],
      ['v', 'its raw name is not valid base64'],
      ['u', 'its raw name: an empty name'],
    ]);
  });

  it('refuses every entry of a duplicated name (a symlink d beside a folder d), by exact bytes', () => {
    const tree = read(file('a'), { ...file('d'), kind: 'symlink', target: '/tmp' }, { ...file('d'), kind: 'dir', subtree: 's' }, file('e'), file('e', { rawName: b64('e') }));
    expect(tree.entries.map((e) => e.name)).toEqual(['a']);
    expect(tree.refused.map((r) => r.name)).toEqual(['d', 'd', 'e', 'e']);
    expect(tree.refused[0]!.reason).toMatch(/same name/);
  });

  it('refuses duplicates wherever they stand: side by side in a sorted tree, apart in an unsorted one', () => {
    expect(read(file('a'), file('b'), file('b'), file('c')).refused.map((r) => r.name)).toEqual(['b', 'b']);
    expect(read(file('b'), file('c'), file('a'), file('b')).refused.map((r) => r.name)).toEqual(['b', 'b']);
    expect(read(file('c'), file('b'), file('a')).entries.map((e) => e.name)).toEqual(['c', 'b', 'a']); // unsorted, distinct: all kept
  });
});
