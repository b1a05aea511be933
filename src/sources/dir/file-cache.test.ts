import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileCache, walksBefore, type FileStat } from './file-cache.js';

const id = (n: number) => n.toString(16).padStart(64, '0');
const stat = (n: number): FileStat => ({ size: BigInt(n * 1000), mtimeNs: 1_795_997_777_629_292_206n + BigInt(n), ctimeNs: 1_795_997_777_629_292_999n, ino: BigInt(7_943_253 + n) });

describe('FileCache', () => {
  it('gives back what a file was cut into while size, times and inode are unchanged, across a save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-cache-'));
    const first = await FileCache.forSource(dir, 'src');
    // Enough records to outgrow the first buffer, names in several scripts, files of 0 to 3 blobs.
    for (let n = 0; n < 3000; n++) first.record(`pkg-${n % 7}/fïle-${n}-名.js`, stat(n), Array.from({ length: n % 4 }, (_, k) => id(n * 4 + k)));
    first.record('twice', stat(1), [id(1)]);
    first.record('twice', stat(2), [id(2)]); // stored again (a mirror after git-lfs fetched): the last counts
    await first.save();

    const next = await FileCache.forSource(dir, 'src');
    expect(next.has('pkg-3/fïle-2999-名.js')).toBe(true);
    expect(next.lookup('pkg-3/fïle-2999-名.js', stat(2999))).toEqual([id(11996), id(11997), id(11998)]);
    expect(next.lookup('pkg-0/fïle-0-名.js', stat(0))).toEqual([]);
    expect(next.lookup('twice', stat(2))).toEqual([id(2)]);
    expect(next.lookup('twice', stat(1))).toBeUndefined();
    for (const changed of [{ size: 1n }, { mtimeNs: 1n }, { ctimeNs: 1n }, { ino: 1n }]) {
      expect(next.lookup('pkg-3/fïle-2999-名.js', { ...stat(2999), ...changed })).toBeUndefined();
    }
    expect(next.has('never-seen')).toBe(false);
    expect(next.lookup('never-seen', stat(0))).toBeUndefined();

    // A backup that reuses a file keeps its record as it was; one it read again records it anew.
    next.keep('pkg-3/fïle-2999-名.js');
    next.record('twice', stat(3), [id(3)]);
    next.keep('never-seen');
    next.record('odd', stat(4), ['not-a-blob-id']); // left out, and nothing after it misread
    next.record('after-odd', stat(5), [id(5)]);
    await next.save();
    const third = await FileCache.forSource(dir, 'src');
    expect(third.lookup('pkg-3/fïle-2999-名.js', stat(2999))).toEqual([id(11996), id(11997), id(11998)]);
    expect(third.lookup('twice', stat(3))).toEqual([id(3)]);
    expect(third.has('pkg-0/fïle-0-名.js')).toBe(false); // not seen in the last backup: gone
    expect(third.has('odd')).toBe(false);
    expect(third.lookup('after-odd', stat(5))).toEqual([id(5)]);
  });

  it('finds records of a cache written in walk order by where the walk is: deleted, new, skipped ahead, walked twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-cache-'));
    const walk = ['a/1', 'a/2', 'a/3', 'a/ab', 'a/abc', 'a/b/x', 'b/x', 'b-c/y', 'c', 'd/e/f', 'z'];
    for (let i = 1; i < walk.length; i++) expect([walksBefore(walk[i - 1]!, walk[i]!), walksBefore(walk[i]!, walk[i - 1]!)]).toEqual([true, false]);
    const first = await FileCache.forSource(dir, 'src');
    walk.forEach((p, n) => first.record(p, stat(n), [id(n)]));
    await first.save();
    const path = join(dir, 'files', 'src.bin');
    expect(readFileSync(path).subarray(0, 9).toString()).toBe('BHFILES2\n'); // in walk order, each path once

    const next = await FileCache.forSource(dir, 'src');
    const seen = (p: string) => next.lookup(p, stat(walk.indexOf(p)));
    expect(seen('a/1')).toEqual([id(0)]);
    next.keep('a/1');
    expect(next.has('a/0')).toBe(false); // new, before the cursor
    expect(seen('a/3')).toEqual([id(2)]); // a/2 deleted since
    next.keep('a/3');
    expect(next.has('a/25')).toBe(false);
    expect(seen('b-c/y')).toEqual([id(7)]); // further ahead than the look-ahead: a/ab ... b/x gone, or excluded this time
    next.keep('b-c/y');
    next.record('b-c/z', stat(99), [id(99)]); // new, recorded between kept ones
    expect(seen('z')).toEqual([id(10)]); // past the look-ahead: asked of the table
    next.keep('z');
    expect(seen('a/3')).toEqual([id(2)]); // the same folder walked again (a mirror after git-lfs fetched)
    expect(seen('a/ab')).toEqual([id(3)]);
    expect(next.has('a/0')).toBe(false);
    expect(next.lookup('c', stat(1))).toBeUndefined();
    await next.save();
    expect(readFileSync(path).subarray(0, 9).toString()).toBe('BHFILES2\n');

    const third = await FileCache.forSource(dir, 'src');
    expect(['a/1', 'a/3', 'b-c/y', 'b-c/z', 'z'].map((p) => third.has(p))).toEqual([true, true, true, true, true]);
    expect(['a/2', 'a/ab', 'b/x', 'c'].map((p) => third.has(p))).toEqual([false, false, false, false]);
    expect(third.lookup('b-c/z', stat(99))).toEqual([id(99)]);
    third.keep('z');
    third.keep('a/1'); // out of walk order: written in the form any order may take
    await third.save();
    expect(readFileSync(path).subarray(0, 9).toString()).toBe('BHFILES1\n');
    const fourth = await FileCache.forSource(dir, 'src');
    expect([fourth.lookup('a/1', stat(0)), fourth.lookup('z', stat(10)), fourth.lookup('a/3', stat(2))]).toEqual([[id(0)], [id(10)], undefined]);
  });

  it('writes the cache again unless every record was kept as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-cache-'));
    const path = join(dir, 'files', 'src.bin');
    const first = await FileCache.forSource(dir, 'src');
    first.record('a', stat(1), [id(1)]);
    first.record('b', stat(2), [id(2)]);
    await first.save();
    const written = readFileSync(path);

    const unchanged = await FileCache.forSource(dir, 'src');
    unchanged.keep('a');
    unchanged.keep('b');
    writeFileSync(path, 'not read again'); // not rewritten: what it held is what a save would write
    await unchanged.save();
    expect(readFileSync(path).toString()).toBe('not read again');

    writeFileSync(path, written);
    const renamed = await FileCache.forSource(dir, 'src'); // the same number of bytes, all new
    renamed.record('c', stat(1), [id(1)]);
    renamed.record('d', stat(2), [id(2)]);
    await renamed.save();
    const next = await FileCache.forSource(dir, 'src');
    expect([next.has('a'), next.has('c'), next.lookup('d', stat(2))]).toEqual([false, true, [id(2)]]);
    next.keep('c');
    await next.save(); // one kept, one gone
    const last = await FileCache.forSource(dir, 'src');
    expect([last.has('c'), last.has('d')]).toEqual([true, false]);
  });

  it('starts empty from a damaged, cut-short or older-format cache: a re-read, never a wrong blob', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-cache-'));
    const cache = await FileCache.forSource(dir, 'src');
    cache.record('a.txt', stat(1), [id(1), id(2)]);
    await cache.save();
    const path = join(dir, 'files', 'src.bin');
    const whole = readFileSync(path);
    for (const bytes of [whole.subarray(0, whole.length - 1), Buffer.concat([whole, Buffer.from([9])]), Buffer.from('[["a.txt",{"size":1000}]]'), Buffer.alloc(0)]) {
      writeFileSync(path, bytes);
      const loaded = await FileCache.forSource(dir, 'src');
      expect(loaded.has('a.txt')).toBe(false);
      expect(loaded.lookup('a.txt', stat(1))).toBeUndefined();
    }
  });
});
