import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LookupFile, mergeRecords, putRecord, RECORD, recordId, sortRecords, writeLookupFile } from './lookup-file.js';

const records = (ids: string[], claim = 0) => {
  const b = Buffer.alloc(ids.length * RECORD);
  ids.forEach((id, i) => putRecord(b, i * RECORD, id, { claim: claim + i, type: i % 2 ? 'tree' : 'data', offset: 2 ** 40 + i, length: 10, rawLength: 2 ** 53 - 1 }));
  return b;
};
const idsOf = (b: Buffer) => Array.from({ length: b.length / RECORD }, (_, i) => recordId(b, i * RECORD));
const hex = () => randomBytes(32).toString('hex');

describe('the lookup file', () => {
  it('sorts and merges records by id, equal ids in the order given', () => {
    const twice = hex();
    const a = Array.from({ length: 3000 }, hex).concat(twice, twice);
    const sorted = sortRecords(records(a));
    expect(idsOf(sorted)).toEqual([...a].sort());
    const b = [twice, ...Array.from({ length: 50 }, hex)];
    const merged = mergeRecords(sorted, sortRecords(records(b, 10_000)));
    expect(idsOf(merged)).toEqual([...a, ...b].sort());
    const at = idsOf(merged).indexOf(twice);
    expect([0, 1, 2].map((k) => merged.readUInt32LE((at + k) * RECORD + 32))).toEqual([3000, 3001, 10_000]);
  });

  it('finds an id in the blocks that may hold it, keeps any safe integer, and refuses a block changed in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulkhead-lookup-'));
    const path = join(dir, 'lookup.sealed');
    const key = randomBytes(32);
    const same = hex();
    const ids = Array.from({ length: 5000 }, hex).concat(Array.from({ length: 600 }, () => same)); // one id across two blocks
    await writeLookupFile(path, key, { note: 'header' }, sortRecords(records(ids)));
    const file = LookupFile.open<{ note: string }>(path, key)!;
    expect(file.header).toEqual({ note: 'header' });
    expect(file.count).toBe(5600);
    expect(file.find(same)).toHaveLength(600);
    const one = file.find(ids[17]!);
    expect(one).toEqual([{ claim: 17, type: 'tree', offset: 2 ** 40 + 17, length: 10, rawLength: 2 ** 53 - 1 }]);
    expect(file.find(hex())).toEqual([]);
    expect([...file.all()].length).toBe(5600);
    file.close();
    expect(LookupFile.open(path, randomBytes(32))).toBeUndefined();

    const bytes = readFileSync(path);
    bytes[bytes.length - 100]! ^= 1;
    writeFileSync(path, bytes);
    const changed = LookupFile.open(path, key)!;
    expect(() => [...changed.all()]).toThrow(/changed while in use/);
    changed.close();
  });
});
