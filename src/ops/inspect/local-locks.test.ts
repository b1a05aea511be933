import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../storage/blob-store.js';
import type { LocalLockFiles } from '../../storage/local-locks.js';
import { resolveListing } from '../../vault/listing.js';
import { makeVault } from '../../../test/helpers/vault.js';
import { LocalLockMemory, RACY_MS, readLocalLocks } from './local-locks.js';
import { postureListing } from './local-listing.js';

const KEYS = ['data/aa/' + 'a'.repeat(64), 'index/DQIFQUTT5IGPOSVPJDU7536TUY/' + 'b'.repeat(64), 'snapshots/20260101T000000Z-0123456789abcdef'];
const UNTIL = new Date('2031-01-01T00:00:00.000Z');
/** "now" for the memory: late enough that the files just written are past the racy window. */
const later = () => Date.now() + 2 * RACY_MS;

let dir: string;
let store: BlobStore;
let root: string;
/** Every key the vault lists (its config too), sorted. */
let listed: string[];
let reads: string[];
let files: LocalLockFiles;
const key = randomBytes(32);
const memoryPath = () => join(dir, 'cache', 'local-locks.sealed');
const retention = (k: string) => join(root, '.bulkhead', 'retention', k);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-locks-'));
  // a local vault (makeVault's default store), with three objects of other kinds beside its config
  store = (await makeVault()).store;
  root = store.url.slice('file://'.length);
  for (const k of KEYS) await store.put(k, Buffer.from(k), { retainUntil: UNTIL });
  listed = [...resolveListing(await store.list('')).objects.keys()].sort();
  reads = [];
  // The store's own lock files, counting what is read.
  const own = store.lockFiles!;
  files = { stamp: (k) => own.stamp(k), read: (k) => (reads.push(k), own.read(k)) };
});
afterEach(() => [dir, root].forEach((d) => rmSync(d, { recursive: true, force: true })));

async function check(now = later(), url = store.url) {
  const objects = resolveListing(await store.list('')).objects;
  const memory = await LocalLockMemory.load(memoryPath(), key, url, now);
  return readLocalLocks(files, objects, memory);
}

/** Edits a lock file in place, as an administrator would (chmod, write): same inode, same size. */
async function editInPlace(k: string, until: string): Promise<void> {
  await sleep(20); // past the kernel's coarse clock tick, so the ctime moves
  chmodSync(retention(k), 0o644);
  writeFileSync(retention(k), JSON.stringify({ retainUntil: until, mode: 'LOCAL' }));
  chmodSync(retention(k), 0o444);
}

describe('a local vault’s locks, remembered by the stat of their files', () => {
  it('reads each lock file once; an unchanged one is not read again', async () => {
    const first = await check();
    expect(reads.sort()).toEqual(listed);
    expect(KEYS.map((k) => first.get(k)?.retainUntil?.toISOString())).toEqual(KEYS.map(() => UNTIL.toISOString()));
    reads = [];
    const again = await check();
    expect(reads).toEqual([]);
    expect(again).toEqual(first);
  });

  it('reads again a lock file edited in place (same inode and size: its ctime moved)', async () => {
    await check();
    const shorter = '2020-01-01T00:00:00.000Z'; // as long as UNTIL's ISO form: the size stays
    expect(shorter.length).toBe(UNTIL.toISOString().length);
    await editInPlace(KEYS[1]!, shorter);
    reads = [];
    const locks = await check();
    expect(reads).toEqual([KEYS[1]]);
    expect(locks.get(KEYS[1]!)?.retainUntil?.toISOString()).toBe(shorter);
  });

  it('reads again a lock file replaced by another (a new inode), and sees a removed one as no lock', async () => {
    await check();
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ retainUntil: '2021-01-01T00:00:00.000Z', mode: 'LOCAL' }));
    renameSync(other, retention(KEYS[0]!));
    rmSync(retention(KEYS[2]!));
    reads = [];
    const locks = await check();
    expect(reads).toEqual([KEYS[0]]);
    expect(locks.get(KEYS[0]!)?.retainUntil?.toISOString()).toBe('2021-01-01T00:00:00.000Z');
    expect(locks.get(KEYS[2]!)).toEqual({ key: KEYS[2], lockMode: 'LOCAL' });
  });

  it('a tampered, foreign or other store’s memory opens as empty: every lock file is read', async () => {
    await check();
    const sealed = readFileSync(memoryPath());
    sealed[sealed.length - 5]! ^= 1;
    writeFileSync(memoryPath(), sealed);
    reads = [];
    await check();
    expect(reads.sort()).toEqual(listed);
    // sealed under another key (another identity's, or forged by whoever can write the cache folder)
    const forged = await LocalLockMemory.load(memoryPath(), randomBytes(32), store.url, later());
    reads = [];
    await readLocalLocks(files, resolveListing(await store.list('')).objects, forged);
    expect(reads.sort()).toEqual(listed);
    reads = [];
    await check(later(), 'file:///another/copy');
    expect(reads.sort()).toEqual(listed);
  });

  it('does not remember a lock file written within the racy window before the check', async () => {
    await check(Date.now());
    reads = [];
    await check(Date.now());
    expect(reads.sort()).toEqual(listed);
  });
});

describe('posture’s listing of a local vault', () => {
  it('is the vault keys as objects and a stray file as foreign, with its size, as resolveListing says', async () => {
    writeFileSync(join(root, 'stray.bin'), Buffer.alloc(123));
    const local = await postureListing(store);
    const resolved = resolveListing(await store.list(''));
    expect([...local.objects.keys()].sort()).toEqual([...resolved.objects.keys()].sort());
    expect(local.foreign.map((v) => [v.key, v.size])).toEqual([['stray.bin', 123]]);
    expect(resolved.foreign.map((v) => [v.key, v.size])).toEqual([['stray.bin', 123]]);
    expect([local.deleteMarkers, local.overwrites]).toEqual([[], []]);
  });
});
