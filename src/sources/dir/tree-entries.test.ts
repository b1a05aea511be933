import { linkSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTree, storedName } from '../../vault/tree.js';
import { dirEntry, encodeEntries, fileEntry, linkOf, nameOf, symlinkEntry } from './tree-entries.js';

describe('tree entries', () => {
  it('encode to the canonical bytes encodeTree gives, raw names and targets included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-entries-'));
    writeFileSync(join(dir, 'f'), 'x');
    writeFileSync(join(dir, 'h'), 'y');
    linkSync(join(dir, 'h'), join(dir, 'h2'));
    mkdirSync(join(dir, 'd'));
    symlinkSync('f', join(dir, 'l'));
    const st = (name: string) => lstatSync(join(dir, name), { bigint: true });
    const raw = Buffer.from([0x61, 0xff, 0x62]);
    const entries = [
      fileEntry(nameOf(Buffer.from('f')), st('f'), 1, ['a'.repeat(64), 'b'.repeat(64)]),
      fileEntry(nameOf(raw), st('f'), 0, []),
      dirEntry(nameOf(Buffer.from('d')), st('d'), 'c'.repeat(64)),
      dirEntry(nameOf(raw), st('d'), 'c'.repeat(64)),
      symlinkEntry(nameOf(Buffer.from('l')), st('l'), Buffer.from('f')),
      symlinkEntry(nameOf(Buffer.from('l\u00e9')), st('l'), raw),
      fileEntry(nameOf(Buffer.from('h')), st('h'), 1, ['d'.repeat(64)]),
      fileEntry(nameOf(raw), st('h2'), 1, ['d'.repeat(64)]),
    ];
    expect(entries[1]!.rawName).toBe(raw.toString('base64'));
    expect(entries[5]!.rawTarget).toBe(raw.toString('base64'));
    expect(entries[6]!.link).toMatch(/^[0-9a-f]{16}$/);
    expect(encodeEntries(entries).equals(encodeTree({ entries }))).toBe(true);
    expect(encodeEntries([]).equals(encodeTree({ entries: [] }))).toBe(true);
  });

  it('names a file as storedName does, for valid and invalid UTF-8 alike', () => {
    const names = [
      'plain', 'fïle-名', '\u{1F600}', '\uFFFD', 'a\uFFFDb', // valid UTF-8, U+FFFD itself included
    ].map((s) => Buffer.from(s));
    const invalid = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x61, 0x80, 0x62], [0xf8, 0x88, 0x80, 0x80, 0x80]].map((b) => Buffer.from(b));
    for (const raw of [...names, ...invalid]) {
      const want = storedName(raw);
      expect(nameOf(raw)).toEqual({ name: want.name, rawName: want.rawName });
    }
    for (const raw of invalid) expect(nameOf(raw).rawName).toBeDefined();
  });

  it('records a link group only for a file of several names: the same for every name of one inode, none for the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-entries-'));
    writeFileSync(join(dir, 'one'), 'x');
    writeFileSync(join(dir, 'other'), 'x');
    mkdirSync(join(dir, 'sub'));
    linkSync(join(dir, 'one'), join(dir, 'sub', 'two'));
    writeFileSync(join(dir, 'alone'), 'x');
    const entry = (rel: string) => fileEntry(nameOf(Buffer.from(rel.split('/').pop()!)), lstatSync(join(dir, rel), { bigint: true }), 1, ['a'.repeat(64)]);
    const [one, two, other, alone] = ['one', 'sub/two', 'other', 'alone'].map(entry);
    expect(one!.link).toBe(two!.link);
    expect(one!.link).not.toBe(other!.link);
    // A file of one name encodes as before link groups: no key at all.
    expect(alone!.link).toBeUndefined();
    expect(encodeEntries([alone!]).toString()).not.toContain('link');
    // No device or inode number in the tree.
    const st = lstatSync(join(dir, 'one'), { bigint: true });
    expect(one!.link).toBe(linkOf(st));
    expect(one!.link).not.toContain(String(st.ino));
  });
});
