import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '../storage/blob-store.js';
import { RecoveryIdentity } from '../keys/identity.js';
import { publicKeyOf } from '../crypto/ed25519-native.js';
import { fingerprint } from '../crypto/fingerprint.js';
import { sha256Hex } from '../crypto/blob-id.js';
import type { BlobLocation, BlobLookup } from './blob-index.js';
import type { WriterEntry } from './config.js';
import { sealSegment, type IndexSegment, type PackRecord } from './index-segment.js';
import { loadIndex } from './load-index.js';
import type { PackEntry } from './pack.js';
import { sealPrivate } from './private-index.js';
import { ReaderIndex } from './reader-index.js';

/** How a reader load went (reader-index.ts): the file as it was, merged, or a whole load. */
const how = (i: BlobLookup) => (i instanceof ReaderIndex ? i.loaded : 'not from a file');
import { loadReaderIndex } from './reader-load.js';

const hex = () => randomBytes(32).toString('hex');
const tail = (key: string) => key.slice(-64);
const blob = (id = hex(), at = 0, type: 'data' | 'tree' = 'data'): PackEntry => [id, type, at, 100, 80];
const pack = (blobs: PackEntry[], recipients?: string[], id = hex()): PackRecord => ({ id, size: 5000, retainUntil: '2031-01-01T00:00:00.000Z', blobs, ...(recipients && { recipients }) });

interface Writer {
  seed: Buffer;
  entry: WriterEntry;
}
function writer(label: string): Writer {
  const seed = randomBytes(32);
  const publicKey = publicKeyOf(seed);
  return { seed, entry: { id: fingerprint(publicKey), label, publicKey: publicKey.toString('base64'), enrolled: '2030-01-01T00:00:00.000Z' } };
}

/** A vault's index alone: segments put as writers put them, and loads of it (a reader's cache folder kept between them). */
function vault() {
  let gets = 0;
  let time = Date.parse('2030-01-02T00:00:00.000Z');
  /** Keys the listing leaves out (an expired segment). */
  const hidden = new Set<string>();
  const objects = new Map<string, { bytes: Buffer; at: Date }>();
  // Only what loading an index uses: listing (oldest first, a second apart) and reading.
  const store = {
    url: 'memory://reader-index',
    get: async (key: string) => (gets++, Buffer.from(objects.get(key)!.bytes)),
    list: async (prefix: string) =>
      [...objects].filter(([k]) => k.startsWith(prefix) && !hidden.has(k)).map(([key, o]) => ({ key, size: o.bytes.length, lastModified: o.at, isDeleteMarker: false })),
  } as unknown as BlobStore;
  const indexKey = randomBytes(32);
  const identity = RecoveryIdentity.generate();
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-reader-index-'));
  const putBytes = async (key: string, bytes: Buffer) => {
    objects.set(key, { bytes, at: new Date((time += 1000)) });
    return key;
  };
  return {
    store,
    identity,
    dir,
    hidden,
    gets: () => gets,
    /** Puts a segment signed by `by` (under its own prefix, or `under` another's), its small blobs in a private part. */
    async put(segment: IndexSegment, by: Writer, opts: { small?: { id: string; blobs: PackEntry[] }[]; under?: Writer } = {}): Promise<string> {
      const sealed = opts.small ? { sealed: sealPrivate(opts.small, [identity.recipientPublic]) } : {};
      const { key, bytes } = await sealSegment({ ...segment, ...sealed }, indexKey, { writerId: by.entry.id, seed: by.seed });
      return putBytes(opts.under ? `index/${opts.under.entry.id}/${tail(key)}` : key, bytes);
    },
    junk: (by: Writer) => {
      const bytes = randomBytes(300);
      return putBytes(`index/${by.entry.id}/${sha256Hex(bytes)}`, bytes);
    },
    read: (writers: WriterEntry[]) => loadReaderIndex(store, indexKey, writers, dir, identity.decryptionSecret),
    whole: (writers: WriterEntry[]) => loadIndex(store, indexKey, writers, undefined, identity.decryptionSecret),
  };
}

const plain = (l: BlobLocation | undefined) => l && { ...l, source: { ...l.source } };
const problems = (i: BlobLookup) => [...i.damagedSegments].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.reason < b.reason ? -1 : 1));

/** The lookup answers as the whole load does: every blob's locations in order, every pack, every problem. */
function expectSame(lookup: BlobLookup, whole: BlobLookup, also: string[] = []): void {
  const ids = new Set([...[...whole.entries()].map(([id]) => id), ...also]);
  for (const id of ids) {
    expect(plain(lookup.get(id)), id).toEqual(plain(whole.get(id)));
    expect(lookup.others(id).map(plain), id).toEqual(whole.others(id).map(plain));
    expect(lookup.has(id)).toBe(whole.has(id));
  }
  expect(new Map(lookup.packs)).toEqual(new Map(whole.packs));
  expect(lookup.size).toBe(whole.size);
  expect([...lookup.entries()].length).toBe([...whole.entries()].length);
  expect(problems(lookup)).toEqual(problems(whole));
}

describe("a reader's index searched in place", () => {
  it('finds each blob (private parts included) as the whole load does, and a missing one nowhere, reading nothing from the store', async () => {
    const v = vault();
    const a = writer('a');
    const small = blob(hex(), 300);
    const first = pack([blob(), blob(hex(), 100, 'tree')], ['R']);
    await v.put({ packs: [first], extended: [] }, a, { small: [{ id: first.id, blobs: [small] }] });
    for (let i = 0; i < 3; i++) await v.put({ packs: [pack(Array.from({ length: 700 }, (_, k) => blob(hex(), k * 100)), ['R']), pack([blob()], ['R'])], extended: [] }, a);
    // Ids no blob has (a forged record): kept as the whole load keeps them, never found for a real id.
    const upper = first.blobs[0]![0].toUpperCase();
    await v.put({ packs: [pack([blob('not an id', 0), blob(upper, 10), blob('not an id', 20)], ['R'])], extended: [] }, a);
    const writers = [a.entry];
    expect(how(await v.read(writers))).toBe('whole');
    const gets = v.gets();
    // Nothing but the lookup file is read: the other caches and the segments' copies gone.
    for (const f of readdirSync(v.dir)) if (f !== 'lookup.sealed') rmSync(join(v.dir, f));
    const lookup = await v.read(writers);
    expect(how(lookup)).toBe('file');
    expect(v.gets()).toBe(gets);
    const missing = hex();
    expectSame(lookup, await v.whole(writers), [missing, small[0].toUpperCase()]);
    expect(lookup.others('not an id')).toHaveLength(1);
    expect(lookup.get(first.blobs[0]![0])!.pack).toBe(first.id);
    expect(lookup.get(small[0])!.pack).toBe(first.id);
    expect(lookup.has(missing)).toBe(false);
    expect(lookup.others(missing)).toEqual([]);
    lookup.close?.();
  });

  it('ranks two writers\' claims of one blob by today\'s config: a revocation counts at once, a changed key opens the segments again', async () => {
    const v = vault();
    const [a, b, c] = [writer('a'), writer('b'), writer('c')];
    const shared = hex();
    const wide = hex();
    // c is not enrolled: its records are forged claims, before and after a's own record of the same pack.
    await v.put({ packs: [{ ...pack([blob(hex(), 40)], ['X']), id: wide, size: 1 }], extended: [] }, c);
    await v.put({ packs: [pack([blob(shared, 0)], ['R'])], extended: [] }, b);
    await v.put({ packs: [pack([blob(shared, 500), blob()], ['R', 'S'], wide)], extended: [] }, a);
    await v.put({ packs: [pack([blob(shared, 900)], ['R', 'S', 'T']), { ...pack([blob(hex(), 70)]), id: wide, size: 2 }], extended: [] }, c);
    const writers = [a.entry, b.entry];
    await v.read(writers);
    const lookup = await v.read(writers);
    expect(how(lookup)).toBe('file');
    expectSame(lookup, await v.whole(writers));
    expect(lookup.get(shared)!.source.writer).toBe(a.entry.id); // vouched, and the most recipients
    expect(lookup.packs.get(wide)!.size).toBe(5000); // the vouched record of the pack, not a forged one
    const file = statSync(join(v.dir, 'lookup.sealed')).mtimeMs;

    const revoked = [{ ...a.entry, revoked: '2030-01-03T00:00:00.000Z' }, b.entry];
    const after = await v.read(revoked);
    expect(how(after)).toBe('file');
    expectSame(after, await v.whole(revoked));
    expect(after.get(shared)!.source.writer).toBe(b.entry.id);
    expect(statSync(join(v.dir, 'lookup.sealed')).mtimeMs).toBe(file); // not written again

    const rekeyed = [a.entry, { ...b.entry, publicKey: writer('b2').entry.publicKey }];
    const again = await v.read(rekeyed);
    expect(how(again)).toBe('whole');
    expectSame(again, await v.whole(rekeyed));
    expect(problems(again)).toEqual([]); // a bad signature is a vouch, not damage
  });

  it('reports damaged and misplaced segments as the whole load does, and adds segments listed since to the file', async () => {
    const v = vault();
    const [a, b] = [writer('a'), writer('b')];
    await v.put({ packs: [pack([blob(), blob()], ['R'])], extended: [] }, a);
    await v.junk(a);
    await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, b, { under: a });
    const writers = [a.entry, b.entry];
    await v.read(writers);
    const lookup = await v.read(writers);
    expect(how(lookup)).toBe('file');
    expectSame(lookup, await v.whole(writers));
    expect(problems(lookup).map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringContaining('does not decrypt'), expect.stringContaining('lies under another writer')]));

    const later = hex();
    const small = blob(hex(), 200);
    const next = pack([blob(later)], ['R']);
    await v.put({ packs: [next], extended: [] }, b, { small: [{ id: next.id, blobs: [small] }] });
    await v.junk(b);
    const merged = await v.read(writers);
    expect(how(merged)).toBe('merged');
    expectSame(merged, await v.whole(writers));
    expect(merged.get(later)!.pack).toBe(next.id);
    expect(merged.get(small[0])!.pack).toBe(next.id);
    expect(problems(merged)).toHaveLength(3);
    const reread = await v.read(writers); // the merged file, as written
    expect(how(reread)).toBe('file');
    expectSame(reread, merged);
  });

  it('checks consolidations as the whole load does: an exact one adds nothing, a lying one is reported, one listed since is judged from the file', async () => {
    const v = vault();
    const [a, b] = [writer('a'), writer('b')];
    const small = blob(hex(), 900);
    const first = pack([blob(), blob()], ['R']);
    const segments = [{ packs: [first], extended: [] }, { packs: [pack([blob()], ['R'])], extended: [] }];
    const keys = [await v.put(segments[0]!, a, { small: [{ id: first.id, blobs: [small] }] }), await v.put(segments[1]!, a)];
    const covers = keys.map(tail).sort();
    await v.put({ packs: segments.flatMap((s) => s.packs), extended: [], covers }, a);
    const liar = await v.put({ packs: segments[0]!.packs, extended: [], covers }, a);
    await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, b);
    const writers = [a.entry, b.entry];
    await v.read(writers);
    const lookup = await v.read(writers);
    expect(how(lookup)).toBe('file');
    expectSame(lookup, await v.whole(writers));
    expect(problems(lookup).map((p) => p.key)).toEqual([liar]);

    // Listed since: a segment of a's, consolidations of it (exact: its small blob is not a record to
    // repeat) and of the first two (one inventing a record, one exact), and a new plain segment of b's.
    const later = { packs: [pack([blob()], ['R'])], extended: [] };
    const laterKey = await v.put(later, a);
    const all = [...keys.map(tail), tail(laterKey)].sort();
    await v.put({ packs: [...segments.flatMap((s) => s.packs), ...later.packs], extended: [], covers: all }, a);
    const inventing = await v.put({ packs: [...segments.flatMap((s) => s.packs), pack([blob()], ['R'])], extended: [], covers }, a);
    await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, b);
    const after = await v.read(writers);
    expect(how(after)).toBe('merged');
    expectSame(after, await v.whole(writers));
    expect(problems(after).map((p) => p.key).sort()).toEqual([liar, inventing].sort());
    const again = await v.read(writers);
    expect(how(again)).toBe('file');
    expectSame(again, after);

    // The liar judged again when segments are listed since, as the whole load judges it every time.
    await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, a);
    const more = await v.read(writers);
    expect(how(more)).toBe('merged');
    expectSame(more, await v.whole(writers));
  });

  it('is rebuilt when a segment it kept is no longer listed, or when it was sealed for another identity', async () => {
    const v = vault();
    const a = writer('a');
    const gone = await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, a);
    await v.put({ packs: [pack([blob()], ['R'])], extended: [] }, a);
    await v.read([a.entry]);
    v.hidden.add(gone);
    const after = await v.read([a.entry]);
    expect(how(after)).toBe('whole');
    expectSame(after, await v.whole([a.entry]));
    expect(how(await v.read([a.entry]))).toBe('file');

    const other = RecoveryIdentity.generate();
    const theirs = await loadReaderIndex(v.store, randomBytes(32), [a.entry], v.dir, other.decryptionSecret);
    expect(how(theirs)).toBe('whole'); // not theirs to open: a whole load (whose segments do not open with their key)
    expect(how(await v.read([a.entry]))).toBe('whole'); // and this identity's file was replaced meanwhile: built again
  });
});
