import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileCache, type FileStat } from './file-cache.js';

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
