import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfirmedLocks } from './confirmed-locks.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'bulkhead-locks-')), 'locks.json');
const day = (d: number) => new Date(Date.UTC(2027, 0, d));

describe("an agent's confirmed lock dates", () => {
  it('are kept across runs with their versions, and only move later', async () => {
    const path = file();
    const locks = await ConfirmedLocks.load(path);
    locks.note('data/aa/pack', day(10), 'v1');
    locks.note('data/aa/pack', day(5)); // an earlier date confirms nothing new
    locks.note('index/w/seg', day(3));
    await locks.save();
    const again = await ConfirmedLocks.load(path);
    expect(again.get('data/aa/pack')).toEqual({ until: day(10), versionId: 'v1' });
    expect(again.get('index/w/seg')).toEqual({ until: day(3) });
    again.note('index/w/seg', day(20), 'v9');
    expect(again.get('index/w/seg')).toEqual({ until: day(20), versionId: 'v9' });
    expect(again.get('data/bb/none')).toBeUndefined();
  });

  it('reads the file an earlier version wrote (ISO dates), and a damaged one as none', async () => {
    const path = file();
    writeFileSync(path, JSON.stringify({ 'data/aa/pack': ['2027-01-10T00:00:00.000Z', 'v1'], 'data/bb/x': ['not a date'], 'data/cc/y': 'junk' }));
    const locks = await ConfirmedLocks.load(path);
    expect(locks.get('data/aa/pack')).toEqual({ until: day(10), versionId: 'v1' });
    expect(locks.get('data/bb/x')).toBeUndefined();
    expect(locks.get('data/cc/y')).toBeUndefined();
    locks.note('data/dd/z', day(2));
    await locks.save();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'data/aa/pack': [day(10).getTime(), 'v1'], 'data/dd/z': [day(2).getTime()] });
    writeFileSync(path, '{"data/aa/pack": [17');
    expect((await ConfirmedLocks.load(path)).get('data/aa/pack')).toBeUndefined();
  });
});
