import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { FileStore } from '../../src/storage/file-store.js';
import { FaultyStore } from '../../src/storage/faulty-store.js';
import { fixedClock, DAY_MS } from '../../src/util/clock.js';
import { tempDir } from '../helpers/vault.js';
import { firstVersion } from '../../src/vault/listing.js';
import { lockedBucket } from '../helpers/s3.js';

const later = (days: number) => new Date(Date.now() + days * DAY_MS);

/** One contract every backend keeps; the S3 backend joins this list against the real server. */
const backends: [string, () => Promise<BlobStore>][] = [
  ['memory', async () => new MemoryStore(fixedClock(new Date()))],
  ['file', async () => FileStore.create(join(tempDir(), 'store'))],
  ['s3 (Ceph RGW, Object Lock)', async () => lockedBucket()],
];

describe.each(backends)('BlobStore contract: %s', (_name, make) => {
  it('puts, gets whole and by range, heads and lists', async () => {
    const s = await make();
    await s.put('data/ab/abc', Buffer.from('0123456789'), { retainUntil: later(30) });
    await s.put('index/one', Buffer.from('x'), { retainUntil: later(30) });
    expect((await s.get('data/ab/abc')).toString()).toBe('0123456789');
    expect((await s.get('data/ab/abc', { range: { start: 2, end: 5 } })).toString()).toBe('234');
    const head = await s.head('data/ab/abc');
    expect(head?.size).toBe(10);
    expect(head?.retainUntil?.getTime()).toBeGreaterThan(Date.now() + 29 * DAY_MS);
    expect(await s.head('data/ab/none')).toBeUndefined();
    expect((await s.list('data/')).map((v) => v.key)).toEqual(['data/ab/abc']);
    expect((await s.list('')).map((v) => v.key).sort()).toEqual(['data/ab/abc', 'index/one']);
  });

  it("finds one key's first version by that key alone: not a longer key beside it, not a folder", async () => {
    const s = await make();
    const snap = (hex: string) => `snapshots/20260101T000000Z-${hex}`;
    await s.put(snap('0123456789abcdef'), Buffer.from('one'), { retainUntil: later(30) });
    await s.put(`${snap('0123456789abcdef')}0`, Buffer.from('longer'), { retainUntil: later(30) });
    await s.put(`${snap('fedcba9876543210')}/x`, Buffer.from('deeper'), { retainUntil: later(30) });
    expect((await firstVersion(s, snap('0123456789abcdef')))?.size).toBe(3);
    for (const key of [snap('fedcba9876543210'), snap('0000000000000000')]) expect(await firstVersion(s, key)).toBeUndefined();
  });

  it('reads a whole object into a buffer it is given (shared memory too) when the store says it does, and never past its end', async () => {
    const s = await make();
    const bytes = Buffer.from('0123456789'.repeat(10_000));
    await s.put('data/ab/big', bytes, { retainUntil: later(30) });
    const into = Buffer.from(new SharedArrayBuffer(bytes.length + 7));
    const got = await s.get('data/ab/big', { into });
    expect(got.equals(bytes)).toBe(true);
    if (s.readsInto) expect(got.buffer).toBe(into.buffer);
    const small = Buffer.alloc(10); // too small: the object comes back whole, elsewhere
    const whole = await s.get('data/ab/big', { into: small });
    expect(whole.equals(bytes)).toBe(true);
    expect(whole.buffer).not.toBe(small.buffer);
  });

  it('never overwrites a key', async () => {
    const s = await make();
    await s.put('snapshots/a', Buffer.from('original'), { retainUntil: later(1) });
    await expect(s.put('snapshots/a', Buffer.from('evil'), { retainUntil: later(1) })).rejects.toMatchObject({ code: 'EXISTS' });
    expect((await s.get('snapshots/a')).toString()).toBe('original');
  });

  it('refuses every delete with a clear reason', async () => {
    const s = await make();
    await s.put('snapshots/a', Buffer.from('x'), { retainUntil: later(1) });
    await expect(s.delete('snapshots/a')).rejects.toThrow(/refused to delete snapshots\/a.*append-only/);
    expect((await s.get('snapshots/a')).toString()).toBe('x');
  });

  it('extends retention but never shortens it', async () => {
    const s = await make();
    await s.put('data/aa/p', Buffer.from('x'), { retainUntil: later(10) });
    await s.extendRetention('data/aa/p', later(40));
    expect((await s.head('data/aa/p'))?.retainUntil?.getTime()).toBeGreaterThan(later(39).getTime());
    await expect(s.extendRetention('data/aa/p', later(5))).rejects.toMatchObject({ code: 'IMMUTABLE' });
  });

  it('names what is missing', async () => {
    const s = await make();
    await expect(s.get('data/zz/missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses keys that could escape the store', async () => {
    const s = await make();
    if (s instanceof MemoryStore) return; // the memory store has no paths to escape
    await expect(s.put('data/../../etc/x', Buffer.from('x'), { retainUntil: later(1) })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('file store specifics', () => {
  it('leaves no write bit on stored objects', async () => {
    const root = join(tempDir(), 'store');
    const s = await FileStore.create(root);
    await s.put('data/ab/abc', Buffer.from('x'), { retainUntil: later(1) });
    expect(statSync(join(root, 'data/ab/abc')).mode & 0o222).toBe(0);
    expect(statSync(join(root, '.bulkhead/retention/data/ab/abc')).mode & 0o222).toBe(0);
  });

  it('says in its posture that a local administrator can still delete', async () => {
    const s = await FileStore.create(join(tempDir(), 'store'));
    const p = await s.posture();
    expect(p.lockMode).toBe('LOCAL');
    expect(p.notes.join(' ')).toMatch(/administrator .* can still delete/);
  });

  it('refuses to open a folder that is not a vault', async () => {
    await expect(FileStore.open(tempDir())).rejects.toMatchObject({ code: 'NO_VAULT' });
  });
});

describe('faulty store wrapper', () => {
  it('fails and corrupts exactly the calls its rule picks', async () => {
    const inner = new MemoryStore();
    await inner.put('data/aa/p', Buffer.from('abcdef'), { retainUntil: later(1) });
    const faulty = new FaultyStore(inner, (op, key) => (op === 'get' && key === 'data/aa/p' ? 'corrupt' : op === 'put' ? 'fail' : undefined));
    expect((await faulty.get('data/aa/p')).toString()).not.toBe('abcdef');
    await expect(faulty.put('data/aa/q', Buffer.from('x'), { retainUntil: later(1) })).rejects.toMatchObject({ code: 'INJECTED' });
    expect(await inner.head('data/aa/q')).toBeUndefined();
  });
});
