import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore, ListedVersion } from '../../storage/blob-store.js';
import { EXPIRED_SAMPLE, LockMemory, readLocks } from './object-locks.js';
import { ExpiredLocks, MAX_EXPIRED, versionId } from './expired-locks.js';

const STORE = 's3://bucket/vault';
const NOW = new Date('2026-01-01T00:00:00Z');
const RAN_OUT = new Date(NOW.getTime() - 60_000);
const FUTURE = new Date('2026-02-01T00:00:00Z');
const version = (key: string): ListedVersion => ({ key, versionId: 'v', size: 0, lastModified: new Date(RAN_OUT.getTime() - 30_000), isDeleteMarker: false });
const objects = (keys: string[]) => new Map(keys.map((k) => [k, version(k)]));
const junk = (n: number) => Array.from({ length: n }, (_, i) => `data/00/00${String(i).padStart(62, '0')}`);

let dir: string;
let path: string;
const key = randomBytes(32);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'expired-locks-'));
  path = join(dir, 'object-locks.sealed');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store whose HEAD says COMPLIANCE until `locks[key]` (RAN_OUT when not named), counting HEADs (fault injection: no server). */
function heads(locks: Record<string, Date> = {}): { store: BlobStore; asked: string[] } {
  const asked: string[] = [];
  const head = (k: string) => {
    asked.push(k);
    return Promise.resolve({ lockMode: 'COMPLIANCE', retainUntil: locks[k] ?? RAN_OUT });
  };
  return { store: { head } as unknown as BlobStore, asked };
}

async function look(keys: string[], scope: { all?: boolean; needed?: ReadonlySet<string> } = {}, locks: Record<string, Date> = {}) {
  const memory = await LockMemory.load(path, key, STORE);
  const { store, asked } = heads(locks);
  const r = await readLocks(store, objects(keys), memory, NOW, scope);
  await memory.save();
  return { ...r, asked };
}

describe('a lock seen run out is remembered (red team 3b, B2: an agent’s 30-second locks)', () => {
  it('N such objects cost N HEADs once; later looks ask only a sample, and report them run out as before', async () => {
    const keys = junk(500);
    const first = await look(keys);
    expect(first.asked).toHaveLength(500);
    const second = await look(keys);
    expect(second.asked).toHaveLength(EXPIRED_SAMPLE); // was 500 at every look
    expect(second.expired).toEqual({ remembered: 500 - EXPIRED_SAMPLE, sampled: EXPIRED_SAMPLE });
    expect([...second.locks.values()].every((l) => l.lockMode === 'COMPLIANCE' && l.retainUntil?.getTime() === RAN_OUT.getTime())).toBe(true);
    expect(second.locks.size).toBe(500);
  });

  it('what the latest snapshots need is asked at every look, and --all-locks asks every one', async () => {
    const keys = junk(100);
    await look(keys);
    const needed = new Set(keys.slice(0, 40));
    const { asked } = await look(keys, { needed });
    expect(asked.filter((k) => needed.has(k))).toHaveLength(40);
    expect(asked).toHaveLength(40 + EXPIRED_SAMPLE);
    expect((await look(keys, { all: true })).asked).toHaveLength(100);
  });

  it('a run-out lock extended since is seen when asked, and then remembered by its date', async () => {
    const keys = junk(10); // fewer than the sample: all asked again
    await look(keys);
    const { locks } = await look(keys, {}, { [keys[0]!]: FUTURE });
    expect(locks.get(keys[0]!)?.retainUntil).toEqual(FUTURE);
    const memory = await LockMemory.load(path, key, STORE);
    expect(memory.recall(version(keys[0]!))).toEqual(FUTURE);
    expect(memory.recallExpired(version(keys[0]!))).toBeUndefined();
  });

  it('forgets objects no longer listed, and a forged or foreign memory remembers nothing', async () => {
    const keys = junk(50);
    await look(keys);
    await look(keys.slice(0, 10), { all: true });
    const memory = await LockMemory.load(path, key, STORE);
    expect(keys.filter((k) => memory.recallExpired(version(k)))).toHaveLength(10);
    expect((await LockMemory.load(path, randomBytes(32), STORE)).recallExpired(version(keys[0]!))).toBeUndefined();
    expect((await LockMemory.load(path, key, 's3://other/vault')).recallExpired(version(keys[0]!))).toBeUndefined();
  });

  it('none() remembers no run-out lock', async () => {
    const m = LockMemory.none();
    m.note(version('k'), { key: 'k', lockMode: 'COMPLIANCE', retainUntil: RAN_OUT }, NOW);
    expect(m.recallExpired(version('k'))).toBeUndefined();
  });
});

describe('ExpiredLocks', () => {
  it('round-trips sorted columns and refuses ones that do not add up', () => {
    const set = ExpiredLocks.empty();
    for (const k of ['b', 'a', 'c']) set.add(versionId(k, 'v'), { lockMode: 'GOVERNANCE', retainUntil: RAN_OUT });
    set.add(versionId('none', undefined), { lockMode: 'NONE' });
    const stored = set.toStored();
    const back = ExpiredLocks.from(stored);
    expect(back.size).toBe(4);
    expect(back.recall(versionId('a', 'v'))).toEqual({ lockMode: 'GOVERNANCE', retainUntil: RAN_OUT });
    expect(back.recall(versionId('none', undefined))).toEqual({ lockMode: 'NONE' });
    expect(back.recall(versionId('a', 'other'))).toBeUndefined();
    expect(ExpiredLocks.from({ ...stored, modes: Buffer.from([1, 1, 1]).toString('base64') }).size).toBe(0);
    const ids = Buffer.from(stored.ids, 'base64');
    expect(ExpiredLocks.from({ ...stored, ids: Buffer.concat([ids.subarray(16), ids.subarray(0, 16)]).toString('base64') }).size).toBe(0); // unsorted
  });

  it('keeps at most MAX_EXPIRED entries', () => {
    expect(MAX_EXPIRED).toBe(1 << 20);
    const set = ExpiredLocks.empty();
    for (let i = 0; i < 3; i++) set.add(versionId(`k${i}`, 'v'), { lockMode: 'COMPLIANCE', retainUntil: RAN_OUT });
    expect(ExpiredLocks.from(set.toStored()).size).toBe(3);
    expect(ExpiredLocks.from(set.toStored(2)).size).toBe(2); // past the cap, the rest are asked at every look, as before
  });
});
