import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lockedBucket } from '../helpers/s3.js';
import { makeVault, tempDir, type TestVault } from '../helpers/vault.js';
import { backup } from '../../src/ops/backup/backup.js';
import { openVault } from '../../src/ops/open-vault.js';
import { restore } from '../../src/ops/restore/restore.js';
import { checkVault } from '../../src/ops/inspect/check.js';
import { enrollWriter } from '../../src/ops/vault-admin/enroll-writer.js';
import { parseSourceSpec } from '../../src/sources/spec.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { loadIndex, loadWriterIndex } from '../../src/vault/load-index.js';
import { openSegment, sealSegment, type IndexSegment, type PackRecord } from '../../src/vault/index-segment.js';
import { CONSOLIDATE_AFTER } from '../../src/vault/consolidation.js';
import { readIndexCache } from '../../src/vault/index-cache.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { writerIndexPrefix } from '../../src/vault/key-grammar.js';
import type { BlobIndex } from '../../src/vault/blob-index.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { FileStore } from '../../src/storage/file-store.js';
import { parseSealedIdentity, unsealIdentity } from '../../src/keys/sealed-identity.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { DAY_MS } from '../../src/util/clock.js';

/** What a store was asked: every key read. */
function watched(store: BlobStore): { store: BlobStore; gets: string[] } {
  const gets: string[] = [];
  const proxy = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (name === 'get') return (key: string, opts?: object) => (gets.push(key), target.get(key, opts as never));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, gets };
}

const run = (v: TestVault, src: string, cacheRoot = tempDir('bulkhead-cache-'), store = v.store, credential = v.writer) =>
  backup({ store, credential, sources: [parseSourceSpec(`app=dir:${src}`)], excludes: [], tags: [], clock: v.clock, cacheRoot });

/** A source with one large file (shared, deduplicated records) and a state file changed every run. */
function source(): string {
  const src = tempDir();
  writeFileSync(join(src, 'large.bin'), randomBytes(200_000));
  return src;
}

/** `n` hourly runs of a deployed agent: a fresh cache folder each time. Returns the first snapshot's id. */
async function hourly(v: TestVault, src: string, n: number): Promise<string> {
  let first = '';
  for (let i = 0; i < n; i++) {
    writeFileSync(join(src, 'state.json'), JSON.stringify({ hour: i }));
    const r = await run(v, src);
    first ||= r.snapshot;
  }
  return first;
}

async function opened(store: BlobStore, v: TestVault, key: string): Promise<IndexSegment> {
  const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
  const { config } = await loadConfig(store, v.identity.custodyPublic);
  return (await openSegment(await store.get(key), keys.indexKey, key, new Map(config.body.writers.map((w) => [w.id, w])))).segment;
}

/** The writer's own vouched records, as dedup sees them: blob, pack, offset, length. */
const ownView = (index: BlobIndex, writer: string) => [...index.signedBy(writer)].map(([b, l]) => `${b}@${l.pack}:${l.offset}:${l.length}`).sort();

async function checkAndRestore(v: TestVault, snapshots: string[], src: string): Promise<string[]> {
  const reader = await openVault(v.store, v.identity, tempDir());
  try {
    for (const snapshot of snapshots) {
      const out = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot, path: 'app', target: out, dryRun: false, overwrite: false })).failures).toEqual([]);
      expect(readFileSync(join(out, 'large.bin')).equals(readFileSync(join(src, 'large.bin')))).toBe(true);
    }
    return (await checkVault(reader, { readData: true })).problems.map((p) => p.message);
  } finally {
    reader.close();
  }
}

/** A segment signed with `cred` (a stolen credential, or another writer's), put under `prefix`. */
async function plant(store: BlobStore, cred: WriterCredential, segment: IndexSegment, prefix: string): Promise<string> {
  const keys = new VaultKeys(Buffer.from(cred.dedupSecret, 'base64'));
  const { key, bytes } = await sealSegment(segment, keys.indexKey, { writerId: cred.enrollment.writerId, seed: Buffer.from(cred.writerSecret, 'base64') });
  const at = `${prefix}${key.slice(-64)}`;
  await store.put(at, bytes, { retainUntil: new Date(Date.now() + DAY_MS) });
  return at;
}

describe('index consolidation: a fresh-cache agent opens its consolidations and only what they do not cover', () => {
  it(`on a local immutable folder: after ${CONSOLIDATE_AFTER + 6} hourly runs the next one opens a handful of segments, dedups, and check --read-data is clean`, async () => {
    const v = await makeVault();
    const src = source();
    const writerId = v.writer.enrollment.writerId;
    const prefix = writerIndexPrefix(writerId);
    const first = await hourly(v, src, CONSOLIDATE_AFTER + 6);

    const listed = (await v.store.list(prefix)).map((o) => o.key);
    const watch = watched(v.store);
    writeFileSync(join(src, 'state.json'), JSON.stringify({ hour: 'next' }));
    const next = await run(v, src, tempDir(), watch.store);
    const segmentGets = watch.gets.filter((k) => k.startsWith('index/'));
    expect(segmentGets.every((k) => listed.includes(k))).toBe(true);
    // The consolidation, the (at most 6) runs since it, and the rest of its round of eight, read before it was.
    expect(segmentGets.length).toBeLessThanOrEqual(1 + 6 + 7);
    expect(listed.length).toBeGreaterThan(CONSOLIDATE_AFTER + 6);
    const consolidations = [];
    for (const k of segmentGets) if ((await opened(v.store, v, k)).covers) consolidations.push(k);
    expect(consolidations).toHaveLength(1);
    const covers = (await opened(v.store, v, consolidations[0]!)).covers!;
    expect(covers.length).toBeGreaterThan(CONSOLIDATE_AFTER);
    // large.bin was found in the consolidation's records: only small blobs (private, lost with the cache) went up again.
    expect(next.bytesAdded).toBeLessThan(60_000);

    // The writer's view from its consolidation is the one every segment gives (a reader's load ignores the claim).
    const keys = new VaultKeys(Buffer.from(v.writer.dedupSecret, 'base64'));
    const { config } = await loadConfig(v.store, v.identity.custodyPublic);
    const { index } = await loadWriterIndex(v.store, keys.indexKey, config.body.writers, undefined, writerId);
    const full = await loadIndex(v.store, keys.indexKey, config.body.writers);
    expect(ownView(index, writerId)).toEqual(ownView(full, writerId));
    expect(full.damagedSegments).toEqual([]);
    // A reader's cache remembers the consolidation as checked: the next look does not judge it again.
    const readerCache = tempDir();
    await loadIndex(v.store, keys.indexKey, config.body.writers, readerCache);
    expect([...(await readIndexCache(join(readerCache, 'opened.bin'), keys.indexKey)).verified]).toEqual(consolidations);

    // A second identical backup (its cache kept) adds no pack.
    const cacheRoot = tempDir();
    await run(v, src, cacheRoot);
    const packs = (await v.store.list('data/')).length;
    expect((await run(v, src, cacheRoot)).bytesAdded).toBeLessThan(20_000); // one index segment at most
    expect((await v.store.list('data/')).length).toBe(packs);

    expect(await checkAndRestore(v, [first, next.snapshot], src)).toEqual([]);
    keys.wipe();
  });

  it('on S3: a consolidation that drops or alters records, or one another writer signed into this prefix, costs the writer at most dedup, no reader anything, and check names it', async () => {
    const store = await lockedBucket();
    const v = await makeVault({ store });
    const other = await enrollWriter({ store, identity: v.identity, label: 'other-agent', clock: v.clock });
    const src = source();
    const writerId = v.writer.enrollment.writerId;
    const prefix = writerIndexPrefix(writerId);
    const first = await hourly(v, src, 3);
    const real = await Promise.all((await store.list(prefix)).map(async (o) => ({ key: o.key, segment: await opened(store, v, o.key) })));
    const covers = real.map((s) => s.key.slice(-64)).sort();
    const records: PackRecord[] = real.flatMap((s) => s.segment.packs).filter((p) => p.blobs.length > 0);
    expect(records.length).toBeGreaterThan(0);

    // Another enrolled writer claims, under this writer's prefix, to cover its segments with nothing: ignored (misplaced).
    const misplaced = await plant(store, other, { packs: [], extended: [], covers }, prefix);
    const watch = watched(store);
    writeFileSync(join(src, 'state.json'), '{"hour":"after misplaced"}');
    const afterMisplaced = await run(v, src, tempDir(), watch.store);
    expect(afterMisplaced.bytesAdded).toBeLessThan(60_000); // still deduplicated: its claim did not count
    expect(watch.gets.filter((k) => real.some((s) => s.key === k))).toHaveLength(real.length);

    // The writer's own key, stolen: a consolidation altering one record and dropping the rest.
    const [victim, ...rest] = records;
    const altered = { ...victim!, blobs: [[victim!.blobs[0]![0], 'data', victim!.blobs[0]![2] + 1, victim!.blobs[0]![3], victim!.blobs[0]![4]]] } as PackRecord;
    const lying = await plant(store, v.writer, { packs: [altered], extended: [], covers }, prefix);
    expect(rest.length + victim!.blobs.length).toBeGreaterThan(1);
    writeFileSync(join(src, 'state.json'), '{"hour":"after lie"}');
    const afterLie = await run(v, src);
    expect(afterLie.bytesAdded).toBeGreaterThan(100_000); // dedup lost: large.bin stored again (all but the altered record)

    const problems = await checkAndRestore(v, [first, afterMisplaced.snapshot, afterLie.snapshot], src);
    expect(problems).toEqual([
      expect.stringContaining(`index segment ${misplaced} is signed by writer ${other.enrollment.writerId} but lies under another writer's prefix`),
      expect.stringMatching(new RegExp(`index segment ${lying} is a consolidation signed by writer ${writerId} that does not repeat the segments it covers \\(\\d+ of their records left out, 1 records none of them holds\\)`)),
    ]);
  });

  it('test/fixtures/vault-consolidated (0.5, make-consolidated.ts) is read, checked and restored, and its writer opens a consolidation and what follows it', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/vault-consolidated/', import.meta.url));
    const root = join(tempDir(), 'store');
    cpSync(join(fixture, 'store'), root, { recursive: true });
    const store = await FileStore.open(root);
    const sealed = parseSealedIdentity(JSON.parse(readFileSync(join(fixture, 'identity.json'), 'utf8')), 'fixture identity');
    const identity = await unsealIdentity(sealed, Buffer.from('fixture passphrase'), 'fixture identity');
    const credential = JSON.parse(readFileSync(join(fixture, 'writer.json'), 'utf8')) as WriterCredential;
    const reader = await openVault(store, identity, tempDir());
    try {
      const { snapshots, tampered } = await reader.snapshots();
      expect(tampered).toEqual([]);
      expect(snapshots).toHaveLength(CONSOLIDATE_AFTER + 3);
      expect((await checkVault(reader, { readData: true })).problems).toEqual([]);
      const out = join(tempDir(), 'out');
      expect((await restore({ reader, snapshot: 'latest', path: 'app', target: out, dryRun: false, overwrite: false })).failures).toEqual([]);
      expect(readFileSync(join(out, 'etc/app/data.bin')).equals(readFileSync(join(fixture, 'source/etc/app/data.bin')))).toBe(true);
      expect(readFileSync(join(out, 'state.txt'), 'utf8')).toBe(`run ${CONSOLIDATE_AFTER + 2}\n`);
    } finally {
      reader.close();
    }
    const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
    const { config } = await loadConfig(store, identity.custodyPublic);
    const watch = watched(store);
    const { segments } = await loadWriterIndex(watch.store, keys.indexKey, config.body.writers, undefined, credential.enrollment.writerId);
    expect(segments.filter((s) => s.own?.covers)).toHaveLength(1);
    expect(segments).toHaveLength(1 + 2); // the consolidation, and the two runs after it
    expect(watch.gets.length).toBeLessThan((await store.list(writerIndexPrefix(credential.enrollment.writerId))).length / 2);
    keys.wipe();
  });
});
