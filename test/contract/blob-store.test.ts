import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { FileStore } from '../../src/storage/file-store.js';
import { FaultyStore } from '../../src/storage/faulty-store.js';
import { fixedClock, DAY_MS } from '../../src/util/clock.js';
import { tempDir } from '../helpers/vault.js';
import { firstVersion, resolveListing } from '../../src/vault/listing.js';
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

/**
 * What whoever can create files in a local vault's folder (its hijacked agent) leaves there that
 * Bulkhead never writes: a FIFO (an open for reading waited for a writer for ever: every verb hung),
 * a symlink dangling or pointing out (every listing stat'ed through it and failed), a file this user
 * may not read, a symlinked folder (the operator's writes went where it pointed).
 */
describe('file store: entries Bulkhead never writes', () => {
  const opts = { retainUntil: later(1) };
  const snap = 'snapshots/20260101T000000Z-0123456789abcdef';
  const vault = async () => {
    const root = join(tempDir(), 'store');
    const s = await FileStore.create(root);
    await s.put('snapshots/20250101T000000Z-00000000000000aa', Buffer.from('real'), opts);
    return { root, s };
  };
  const listed = async (s: FileStore, prefix: string) => {
    const [eager, lazy] = [await s.list(prefix), await s.listLazy(prefix)];
    expect(lazy.map((v) => [v.key, v.notAFile])).toEqual(eager.map((v) => [v.key, v.notAFile]));
    return eager;
  };

  it('a FIFO at a snapshot key is listed as no file, set aside, and refused unopened by every read: none waits for a writer', async () => {
    const { root, s } = await vault();
    execFileSync('mkfifo', [join(root, snap)]);
    const rows = await listed(s, 'snapshots/');
    expect(rows.find((v) => v.key === snap)).toMatchObject({ size: 0, notAFile: 'a FIFO, not a file: Bulkhead never writes one' });
    const { objects, foreign } = resolveListing(rows);
    expect([...objects.keys()]).toEqual(['snapshots/20250101T000000Z-00000000000000aa']);
    expect(foreign.map((v) => v.key)).toEqual([snap]);
    for (const range of [undefined, { start: 0, end: 4 }, { start: 0, end: 2 * 1024 * 1024 }]) {
      await expect(s.get(snap, range && { range })).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/is a FIFO, not a file: not read; .*tampered/) });
    }
    expect(await s.head(snap)).toBeUndefined();
    expect(await firstVersion(s, snap)).toBeUndefined();
  });

  it('a FIFO swapped in for an object after it was listed is refused, not waited on', async () => {
    const { root, s } = await vault();
    const key = 'snapshots/20250101T000000Z-00000000000000aa';
    expect((await s.list('snapshots/')).map((v) => v.key)).toEqual([key]);
    execFileSync('mkfifo', [join(root, 'fifo')]);
    renameSync(join(root, 'fifo'), join(root, key));
    await expect(s.get(key)).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(s.get(key, { range: { start: 0, end: 2 } })).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('a dangling symlink and a symlink to a file outside are listed as symlinks (the listing no longer fails) and never read through', async () => {
    const { root, s } = await vault();
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'the operator\'s file');
    mkdirSync(join(root, 'index'));
    symlinkSync('/nonexistent/x', join(root, 'index', '0'.repeat(64)));
    symlinkSync(outside, join(root, snap));
    const rows = await listed(s, '');
    const why = 'a symlink, not a file: Bulkhead never writes one';
    expect(rows.filter((v) => v.notAFile).map((v) => [v.key, v.notAFile])).toEqual([[`index/${'0'.repeat(64)}`, why], [snap, why]]);
    expect(resolveListing(rows).objects.size).toBe(1);
    for (const key of [snap, `index/${'0'.repeat(64)}`]) {
      await expect(s.get(key)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining(`${key} in ${s.url} is a symlink, not a file`) });
      await expect(s.get(key, { range: { start: 0, end: 3 } })).rejects.toMatchObject({ code: 'CORRUPT' });
    }
    expect(await s.head(snap)).toBeUndefined();
    expect(readFileSync(outside, 'utf8')).toBe('the operator\'s file');
  });

  it('a file this user may not read is refused as that object, saying which and what to do (as root: read by nobody in a child process)', async () => {
    const { root, s } = await vault();
    const key = 'snapshots/20250101T000000Z-00000000000000aa';
    chmodSync(join(root, key), 0o000);
    expect((await listed(s, 'snapshots/')).map((v) => [v.key, v.notAFile])).toEqual([[key, undefined]]); // still an object: its read is refused
    const why = /cannot be read by this user \(permission denied\): not read; .*chmod a\+r/;
    if (process.getuid?.() !== 0) {
      await expect(s.get(key)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(why) });
      await expect(s.get(key, { range: { start: 0, end: 2 } })).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(why) });
      return;
    }
    // root reads any file: the read is made as nobody, the test's folders opened to it
    for (let p = root; p !== dirname(p); p = dirname(p)) chmodSync(p, statSync(p).mode | 0o001);
    const scratch = tempDir(); // tsx's cache, where nobody may write
    chmodSync(scratch, 0o1777);
    const env = { ...process.env, TMPDIR: scratch };
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', READ_AS_OTHER, root, key], { cwd: REPO, env, uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(JSON.parse(child.stdout || '{}'), child.stderr).toEqual({ whole: { code: 'CORRUPT', message: expect.stringMatching(why) }, range: { code: 'CORRUPT', message: expect.stringMatching(why) } });
  });

  it('a garbage, FIFO or symlinked retention file is no lock, never a hang or an error', async () => {
    const { root, s } = await vault();
    const key = 'snapshots/20250101T000000Z-00000000000000aa';
    const lock = join(root, '.bulkhead/retention', key);
    execFileSync('mkfifo', [`${lock}.fifo`]);
    renameSync(`${lock}.fifo`, lock);
    expect(s.lockFiles.read(key)).toBeUndefined();
    expect((await s.head(key))?.retainUntil).toBeUndefined();
    symlinkSync('/nonexistent', `${lock}.link`);
    renameSync(`${lock}.link`, lock);
    expect(s.lockFiles.read(key)).toBeUndefined();
    writeFileSync(`${lock}.junk`, 'not json');
    renameSync(`${lock}.junk`, lock);
    expect(s.lockFiles.read(key)).toBeUndefined();
    await s.extendRetention(key, later(5)); // a lock is written again, over what was there
    expect((await s.head(key))?.retainUntil?.getTime()).toBeGreaterThan(later(4).getTime());
  });

  it('never writes through a symlinked folder: the object and the retention folders are checked first, and nothing lands outside', async () => {
    const { root, s } = await vault();
    const [outside, outside2] = [tempDir(), tempDir()];
    symlinkSync(outside, join(root, 'drills'));
    const report = 'drills/20260101T000000Z-0123456789abcdef.json';
    await expect(s.put(report, Buffer.from('report'), opts)).rejects.toMatchObject({ code: 'TAMPERED', message: expect.stringMatching(new RegExp(`the vault folder was tampered with at ${join(root, 'drills')}: it is a symlink, not a folder`)) });
    expect((await s.list('drills/')).length).toBe(0); // a symlinked folder is not listed through
    expect((await s.list('')).find((v) => v.key === 'drills')?.notAFile).toMatch(/^a symlink/);
    // the object's folder real, its retention folder a symlink: refused before the object is in
    mkdirSync(join(root, 'data'));
    symlinkSync(outside2, join(root, '.bulkhead/retention/data'));
    await expect(s.put('data/ab/abc', Buffer.from('x'), opts)).rejects.toMatchObject({ code: 'TAMPERED', message: expect.stringContaining(join(root, '.bulkhead/retention/data')) });
    expect(await s.head('data/ab/abc')).toBeUndefined();
    // the scratch folder where every write starts
    renameSync(join(root, '.bulkhead/tmp'), join(root, '.bulkhead/tmp-gone'));
    symlinkSync(outside2, join(root, '.bulkhead/tmp'));
    await expect(s.put('snapshots/20260202T000000Z-0123456789abcdef', Buffer.from('x'), opts)).rejects.toMatchObject({ code: 'TAMPERED' });
    expect(() => s.stagingDir()).toThrow(/tampered with at .*\.bulkhead\/tmp: it is a symlink/);
    expect([readdirSync(outside), readdirSync(outside2)]).toEqual([[], []]);
  });
});

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** Reads one object of a local store whole and by range, printing each error's code and message. */
const READ_AS_OTHER = `
const { FileStore } = await import(${JSON.stringify(join(REPO, 'src/storage/file-store.ts'))});
const [root, key] = process.argv.slice(-2);
const s = await FileStore.open(root);
const why = (p) => p.then(() => 'read', (e) => ({ code: e.code, message: e.message }));
console.log(JSON.stringify({ whole: await why(s.get(key)), range: await why(s.get(key, { range: { start: 0, end: 2 } })) }));
`;

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
