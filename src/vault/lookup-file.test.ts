import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LookupFile, writeLookupFile } from './lookup-file.js';
import { idWords, mergeRecords, RECORD, recordId, SortedRecords } from './lookup-records.js';

/** Records of these ids (claims numbered from `claim`), sorted as a file holds them. */
const records = (ids: string[], claim = 0) => {
  const sorted = new SortedRecords(ids.length);
  ids.forEach((id, i) => sorted.add(id, { claim: claim + i, type: i % 2 ? 'tree' : 'data', offset: 2 ** 40 + i, length: 10, rawLength: 2 ** 53 - 1, small: i % 3 === 0 }));
  return sorted.finish();
};
const idsOf = (b: Buffer) => Array.from({ length: b.length / RECORD }, (_, i) => recordId(b, i * RECORD));
const hex = () => randomBytes(32).toString('hex');

describe('the lookup file', () => {
  it('sorts and merges records by id, equal ids in the order given', () => {
    const twice = hex();
    // Ids sharing their first words too (one bucket, compared further on), and both halves of the word range.
    const near = Array.from({ length: 40 }, (_, i) => `${'f'.repeat(16)}${i.toString(16).padStart(2, '0')}${hex().slice(18)}`);
    const a = [...Array.from({ length: 3000 }, hex), twice, ...near, twice, '0'.repeat(64), 'f'.repeat(64)];
    const sorted = records(a);
    expect(idsOf(sorted)).toEqual([...a].sort());
    const b = [twice, ...Array.from({ length: 50 }, hex)];
    const merged = mergeRecords(sorted, records(b, 10_000));
    expect(idsOf(merged)).toEqual([...a, ...b].sort());
    const at = idsOf(merged).indexOf(twice);
    expect([0, 1, 2].map((k) => merged.readUInt32LE((at + k) * RECORD + 32))).toEqual([3000, 3041, 10_000]);
    expect(idWords('A'.repeat(64))).toBeUndefined();
    expect(idWords('a'.repeat(63))).toBeUndefined();
  });

  it('finds an id in the blocks that may hold it, keeps any safe integer, and refuses a block changed in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-lookup-'));
    const path = join(dir, 'lookup.sealed');
    const key = randomBytes(32);
    const same = hex();
    const ids = Array.from({ length: 5000 }, hex).concat(Array.from({ length: 600 }, () => same)); // one id across two blocks
    await writeLookupFile(path, key, { note: 'header' }, records(ids));
    const file = LookupFile.open<{ note: string }>(path, key)!;
    expect(file.header).toEqual({ note: 'header' });
    expect(file.count).toBe(5600);
    expect(file.find(same)).toHaveLength(600);
    expect(file.find(ids[17]!)).toEqual([{ claim: 17, type: 'tree', offset: 2 ** 40 + 17, length: 10, rawLength: 2 ** 53 - 1, small: false }]);
    expect(file.find(ids[18]!)).toEqual([{ claim: 18, type: 'data', offset: 2 ** 40 + 18, length: 10, rawLength: 2 ** 53 - 1, small: true }]);
    for (const id of ids.slice(0, 200)) expect(file.find(id)!.length).toBeGreaterThan(0);
    expect(file.find(hex())).toEqual([]);
    expect(file.find(ids[17]!.toUpperCase())).toBeUndefined();
    expect([...file.all()].length).toBe(5600);
    file.close();
    file.close(); // once
    expect(LookupFile.open(path, randomBytes(32))).toBeUndefined();

    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 1;
    writeFileSync(path, bytes);
    const changed = LookupFile.open(path, key)!;
    expect(() => [...changed.all()]).toThrow(/changed while in use/);
    changed.close();
  });
});
