import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrivateLocations } from './private-locations.js';

// Ids sharing their first bytes (the table's slot) and ids apart: both are found exactly.
const id = (n: number) => (n % 300 === 0 ? 'ab'.repeat(8) + n.toString(16).padStart(48, '0') : n.toString(16).padStart(8, '0') + 'cd'.repeat(28));
const pack = (n: number) => `${n % 5}`.repeat(64);

describe('PrivateLocations', () => {
  it('finds each small blob of the last snapshot in its pack, and nothing else', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'private-locations-')), 'private-w.bin');
    const first = await PrivateLocations.load(path, ['r1', 'r2']);
    expect(first.size).toBe(0);
    const all = new Map(Array.from({ length: 3000 }, (_, n) => [id(n), pack(n)] as [string, string]));
    first.replace(all, all.size);
    await first.save();

    const next = await PrivateLocations.load(path, ['r1', 'r2']);
    expect(next.size).toBe(3000);
    for (let n = 0; n < 3000; n++) expect(next.get(id(n))).toBe(pack(n));
    for (const other of [id(3000), id(3300), 'ab'.repeat(32), '', 'xyz', id(1).slice(1), `${id(1)}0`]) expect(next.get(other)).toBeUndefined();

    // Exactly what was found: the file is not written again. One blob fewer or one new: it is.
    next.replace(new Map(all), 0);
    rmSync(path);
    await next.save();
    expect(existsSync(path)).toBe(false);
    const fewer = new Map(all);
    fewer.delete(id(7));
    fewer.set(id(5000), pack(1));
    next.replace(fewer, 1);
    await next.save();
    const third = await PrivateLocations.load(path, ['r1', 'r2']);
    expect([third.size, third.get(id(7)), third.get(id(5000)), third.get(id(6))]).toEqual([3000, undefined, pack(1), pack(6)]);
  });

  it("reads an older version's unsorted file, and writes it sorted even when nothing changed", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'private-locations-')), 'private-w.bin');
    const header = Buffer.from(JSON.stringify({ recipients: 'r1', packs: [pack(1), pack(2)] }));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const entries = ([[id(9), 0], [id(2), 0], [id(600), 0], [id(2), 1]] as const).map(([x, p]) => Buffer.concat([Buffer.from(x, 'hex'), Buffer.from([p, 0, 0, 0])]));
    writeFileSync(path, Buffer.concat([Buffer.from('BHPRIV1\n'), len, header, ...entries]));
    const old = await PrivateLocations.load(path, ['r1']);
    expect([old.size, old.get(id(9)), old.get(id(2)), old.get(id(600))]).toEqual([3, pack(1), pack(2), pack(1)]); // an id twice: its last entry
    old.replace(new Map([id(9), id(2), id(600)].map((x) => [x, old.get(x)!])), 0);
    await old.save();
    expect(JSON.parse(readFileSync(path).subarray(12, 12 + readFileSync(path).readUInt32LE(8)).toString()).sorted).toBe(true);
    const sorted = await PrivateLocations.load(path, ['r1']);
    expect([sorted.size, sorted.get(id(9)), sorted.get(id(2)), sorted.get(id(600)), sorted.get(id(3))]).toEqual([3, pack(1), pack(2), pack(1), undefined]);
  });

  it('starts empty for other recipients or a damaged file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'private-locations-')), 'private-w.bin');
    const first = await PrivateLocations.load(path, ['r1']);
    first.replace(new Map([[id(1), pack(1)]]), 1);
    await first.save();
    expect((await PrivateLocations.load(path, ['r1', 'r2'])).get(id(1))).toBeUndefined();
    const whole = readFileSync(path);
    for (const bytes of [whole.subarray(0, 12), Buffer.from('junk'), Buffer.concat([whole.subarray(0, 12), Buffer.from('{')])]) {
      writeFileSync(path, bytes);
      const loaded = await PrivateLocations.load(path, ['r1']);
      expect([loaded.size, loaded.get(id(1))]).toEqual([0, undefined]);
    }
    expect((await PrivateLocations.load(join(path, 'missing'), ['r1'])).size).toBe(0);
  });
});
