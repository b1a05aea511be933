import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore, ListedVersion } from '../../storage/blob-store.js';
import { LockMemory, readLocks } from './object-locks.js';

const version = (key: string): ListedVersion => ({ key, versionId: 'v', size: 1, lastModified: new Date(0), isDeleteMarker: false });
const STORE = 's3://bucket/vault';
const UNTIL = new Date('2030-01-01T00:00:00Z');
const FAR = new Date('2999-01-01T00:00:00Z');
const NOW = new Date('2026-01-01T00:00:00Z');

let dir: string;
let path: string;
const key = randomBytes(32);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lock-memory-'));
  path = join(dir, 'sub', 'object-locks.sealed');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store whose HEAD answers from `locks` and counts what it was asked (fault injection: no server). */
function heads(locks: Record<string, Date | undefined>): { store: BlobStore; asked: string[] } {
  const asked: string[] = [];
  const head = (k: string) => {
    asked.push(k);
    const until = locks[k];
    return Promise.resolve(until ? { lockMode: 'COMPLIANCE', retainUntil: until } : { lockMode: 'NONE' });
  };
  return { store: { head } as unknown as BlobStore, asked };
}

const objects = (...keys: string[]) => new Map(keys.map((k) => [k, version(k)]));

async function remembered(k = key, store = STORE): Promise<LockMemory> {
  const m = await LockMemory.load(path, k, store);
  m.note(version('locked'), { key: 'locked', lockMode: 'COMPLIANCE', retainUntil: UNTIL }, NOW);
  await m.save();
  return m;
}

describe('LockMemory', () => {
  it('remembers a COMPLIANCE date sealed: the next check asks nothing about it', async () => {
    await remembered();
    expect(readFileSync(path).includes(Buffer.from('locked'))).toBe(false); // not clear JSON
    const { store, asked } = heads({ locked: UNTIL });
    const { locks } = await readLocks(store, objects('locked'), await LockMemory.load(path, key, STORE), NOW);
    expect(asked).toEqual([]);
    expect(locks.get('locked')).toMatchObject({ lockMode: 'COMPLIANCE', retainUntil: UNTIL, remembered: true });
  });

  it('a forged memory (the old clear JSON, or bytes edited) does not open: every lock is asked, an unlocked object stays unlocked', async () => {
    await remembered();
    const sealed = readFileSync(path);
    sealed[sealed.length - 5]! ^= 1;
    writeFileSync(path, sealed);
    const check = async () => {
      const { store, asked } = heads({ locked: UNTIL });
      const { locks } = await readLocks(store, objects('locked', 'open'), await LockMemory.load(path, key, STORE), NOW);
      return { asked: asked.sort(), open: locks.get('open') };
    };
    expect(await check()).toEqual({ asked: ['locked', 'open'], open: { key: 'open', lockMode: 'NONE' } });
    // What the unsealed memory held: a far-future COMPLIANCE date for an object that has no lock.
    writeFileSync(path, JSON.stringify({ 'open\0v': FAR.toISOString(), store: STORE, dates: [['open\0v', FAR.getTime()]] }));
    expect(await check()).toEqual({ asked: ['locked', 'open'], open: { key: 'open', lockMode: 'NONE' } });
  });

  it('another identity’s memory, or one of another store, is empty', async () => {
    await remembered(randomBytes(32));
    expect((await LockMemory.load(path, key, STORE)).recall(version('locked'))).toBeUndefined();
    await remembered(key, 's3://other/vault');
    expect((await LockMemory.load(path, key, STORE)).recall(version('locked'))).toBeUndefined();
    expect((await LockMemory.load(path, key, 's3://other/vault')).recall(version('locked'))).toEqual(UNTIL);
  });

  it('a remembered date that has run out is asked again, and the answer replaces it', async () => {
    await remembered();
    const memory = await LockMemory.load(path, key, STORE);
    const { store, asked } = heads({});
    const { locks } = await readLocks(store, objects('locked'), memory, new Date(UNTIL.getTime() + 1));
    expect(asked).toEqual(['locked']);
    expect(locks.get('locked')?.lockMode).toBe('NONE');
    await memory.save();
    const again = await LockMemory.load(path, key, STORE);
    expect(again.recall(version('locked'))).toBeUndefined();
    expect(again.recallExpired(version('locked'))).toEqual({ lockMode: 'NONE' });
  });

  it('none() remembers nothing and writes nothing', async () => {
    const m = LockMemory.none();
    m.note(version('locked'), { key: 'locked', lockMode: 'COMPLIANCE', retainUntil: UNTIL }, NOW);
    await m.save();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('survives concurrent saves to one file in one process (each through its own temporary name)', async () => {
    const memories = await Promise.all(Array.from({ length: 16 }, () => LockMemory.load(path, key, STORE)));
    memories.forEach((m, i) => m.note(version(`k${i}`), { key: `k${i}`, lockMode: 'COMPLIANCE', retainUntil: UNTIL }, NOW));
    // Two posture runs in one console process used to share `<path>.<pid>.tmp`: one rename found it gone (ENOENT).
    for (let round = 0; round < 5; round++) await Promise.all(memories.map((m) => m.save()));
    expect(readdirSync(join(dir, 'sub'))).toEqual(['object-locks.sealed']);
    const again = await LockMemory.load(path, key, STORE);
    expect(memories.filter((_, i) => again.recall(version(`k${i}`))?.getTime() === UNTIL.getTime())).toHaveLength(1);
  });
});
