import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../storage/blob-store.js';
import type { LocalLockFiles } from '../../storage/local-locks.js';
import { resolveListing } from '../../vault/listing.js';
import { makeVault } from '../../../test/helpers/vault.js';
import { EVERY_FILE_MS, LocalLockMemory, RACY_MS, readLocalLocks, SAMPLE } from './local-locks.js';
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
  return (await readLocalLocks(files, objects, memory)).locks;
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
    expect((await readLocalLocks(files, resolveListing(await store.list('')).objects, forged)).check.everyFile).toBe(true);
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

describe('a look that does not stat every lock file (#14: a year of hourly backups is ~25,000)', () => {
  const MANY = SAMPLE + 100;
  const manyKeys = Array.from({ length: MANY }, (_, i) => `snapshots/20250101T${String(i).padStart(6, '0')}Z-0123456789abcdef`);
  let stamped: string[];

  beforeEach(async () => {
    // laid out as FileStore.put does (the object, its retention file), without its fsyncs: hundreds of them
    mkdirSync(join(root, 'snapshots'), { recursive: true });
    mkdirSync(dirname(retention(manyKeys[0]!)), { recursive: true });
    for (const k of manyKeys) {
      writeFileSync(join(root, k), k, { mode: 0o444 });
      writeFileSync(retention(k), JSON.stringify({ retainUntil: UNTIL.toISOString(), mode: 'LOCAL' }), { mode: 0o444 });
    }
    listed = [...resolveListing(await store.list('')).objects.keys()].sort();
    stamped = [];
    const own = store.lockFiles!;
    files = { stamp: (k) => (stamped.push(k), own.stamp(k)), read: (k) => (reads.push(k), own.read(k)) };
  });

  async function look(now: number, scope: { all?: boolean; needed?: ReadonlySet<string> } = {}) {
    const objects = resolveListing(await store.list('')).objects;
    const memory = await LocalLockMemory.load(memoryPath(), key, store.url, now);
    stamped = [];
    reads = [];
    return readLocalLocks(files, objects, memory, scope);
  }

  it('stats what the latest snapshots need, new objects and a random sample; says so; keeps the others’ dates', async () => {
    const t = later();
    const first = await look(t);
    expect(first.check).toMatchObject({ everyFile: true, everyFileAt: new Date(t).toISOString() });
    expect(stamped.length).toBe(listed.length);
    const added = 'snapshots/20270101T000000Z-0123456789abcdef';
    await store.put(added, Buffer.from(added), { retainUntil: UNTIL });
    const needed = new Set([KEYS[0]!, KEYS[1]!]);
    const second = await look(t + 2 * RACY_MS, { needed });
    const rest = listed.length - needed.size; // the listed ones, the added one aside
    expect(second.check).toEqual({ everyFile: false, needed: 2, new: 1, sampled: SAMPLE, remembered: rest - SAMPLE, everyFileAt: new Date(t).toISOString() });
    expect(stamped.length).toBe(2 + 1 + SAMPLE);
    expect(stamped).toEqual(expect.arrayContaining([...needed, added]));
    expect(reads).toEqual([added]); // the new one read, the stat'ed ones unchanged
    // every object has its date, stat'ed now or remembered
    expect(second.locks.size).toBe(listed.length + 1);
    expect([...KEYS, ...manyKeys, added].every((k) => second.locks.get(k)?.retainUntil?.getTime() === UNTIL.getTime())).toBe(true);
  });

  it('sees an edited lock the latest snapshots need on the next look', async () => {
    const t = later();
    await look(t);
    const shorter = '2020-01-01T00:00:00.000Z';
    await editInPlace(KEYS[1]!, shorter);
    const next = await look(t + 2 * RACY_MS, { needed: new Set([KEYS[1]!]) });
    expect(reads).toEqual([KEYS[1]]);
    expect(next.locks.get(KEYS[1]!)?.retainUntil?.toISOString()).toBe(shorter);
  });

  it('stats every file when asked, a day after the last look that did, when the clock went back, and with a memory of the older form', async () => {
    const t = later();
    await look(t);
    expect((await look(t + 1000, { all: true })).check.everyFile).toBe(true);
    expect(stamped.length).toBe(listed.length);
    expect((await look(t + 1000 + EVERY_FILE_MS - 1)).check.everyFile).toBe(false);
    expect((await look(t + 1000 + EVERY_FILE_MS)).check.everyFile).toBe(true);
    expect(stamped.length).toBe(listed.length);
    expect((await look(t)).check.everyFile).toBe(true); // before the last full look: a clock gone back
    // the form before #14 (rows, no everyAt, its own AD) does not open: every file is read
    const { writeSealedJson } = await import('../../vault/sealed-file.js');
    await writeSealedJson(memoryPath(), key, 'bulkhead/v1/local-locks/1', { store: store.url, entries: [] });
    expect((await look(t + 2000)).check.everyFile).toBe(true);
    expect(reads.sort()).toEqual(listed);
  });

  it('a memory that does not open is a look at every file', async () => {
    const t = later();
    await look(t);
    const sealed = readFileSync(memoryPath());
    sealed[sealed.length - 5]! ^= 1;
    writeFileSync(memoryPath(), sealed);
    const next = await look(t + 1000);
    expect(next.check.everyFile).toBe(true);
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
