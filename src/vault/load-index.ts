import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { BlobIndex } from './blob-index.js';
import { openSegment, type IndexSegment, type SegmentSource } from './index-segment.js';
import { cachedVouch, readIndexCache, toCached, withoutPrivate, writeIndexCache, type DamagedSegment, type OpenedSegment } from './index-cache.js';
import { PrivateParts } from './private-parts.js';
import { TooLarge } from './blob-codec.js';
import type { PackEntry } from './pack.js';
import { isBulkheadError, type BulkheadError } from '../util/errors.js';
import { fewAtATime, getFirstOrWhy, listResolved, versionToken } from './listing.js';
import type { WriterEntry } from './config.js';
import { indexKeyWriter, writerIndexPrefix } from './key-grammar.js';
import { Covering, verifyConsolidations, type LoadedSegment } from './consolidation.js';

/**
 * Merges every index segment, each verified against the config's writers (who vouches for it).
 * Segments are immutable, so a local cache folder keeps their (still encrypted) bytes and, sealed
 * in one file, what opening them found (index-cache.ts): later runs open only the new ones.
 */
export async function loadIndex(
  store: BlobStore,
  indexKey: Buffer,
  writers: readonly WriterEntry[] = [],
  cacheDir?: string,
  /** A recipient's secret: also reads where the small blobs live (writers never can). */
  secret?: Buffer,
  /** A writer's own id: it reads only its own segments (see segmentKeys). */
  ownWriter?: string,
): Promise<BlobIndex> {
  return (await load(store, indexKey, writers, cacheDir, secret, ownWriter)).index;
}

/**
 * A writer's index (its own prefix, consolidations honoured), and the segments it used: what its
 * backup may consolidate (consolidation.ts).
 */
export const loadWriterIndex = (store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[], cacheDir: string | undefined, writerId: string): Promise<{ index: BlobIndex; segments: LoadedSegment[] }> =>
  load(store, indexKey, writers, cacheDir, undefined, writerId);

/**
 * What a reader's whole load saw, for its lookup file (reader-index.ts): the listing, each segment
 * that opened as the index took it (private part merged; a consolidation's records not used), in
 * listing order, the listed versions that did not open, and the consolidations found exact.
 */
export interface ReaderLoad {
  listed: Map<string, ListedVersion>;
  /** Each segment as stored, and the small blobs its private part adds to its packs (by pack id). */
  used: { key: string; segment: IndexSegment; small?: SmallBlobs; source: SegmentSource }[];
  damaged: Map<string, string>;
  verified: string[];
  /** Consolidations judged for good (verifyConsolidations): exact, or lying with all they cover there. */
  settled: string[];
}

/**
 * A reader's whole load (every segment, each checked), telling `seen` what it saw. What it found
 * wrong is in the index's damagedSegments; its records are not placed in it (the caller builds
 * its lookup file from `seen.used` instead: placing ~50k records in Maps cost as much again).
 */
export const loadForReader = async (store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[], cacheDir: string | undefined, secret: Buffer, seen: Partial<ReaderLoad>): Promise<BlobIndex> =>
  (await load(store, indexKey, writers, cacheDir, secret, undefined, seen)).index;

async function load(store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[], cacheDir: string | undefined, secret: Buffer | undefined, ownWriter: string | undefined, seen?: Partial<ReaderLoad>): Promise<{ index: BlobIndex; segments: LoadedSegment[] }> {
  const byId = new Map(writers.map((w) => [w.id, w]));
  const index = new BlobIndex();
  // A damaged segment only costs dedup (writer) or a pack scan (reader): note it and go on.
  // (A writer then learns which of its packs exist: existing-packs.ts.)
  const { objects, flat } = seen?.listed ? { objects: seen.listed, flat: false } : await segmentKeys(store, ownWriter);
  index.readFlatIndex = flat && objects.size > 0; // a new vault has none: nothing to republish
  if (cacheDir) await fsp.mkdir(cacheDir, { recursive: true });
  const keys = [...objects.keys()];
  const consolidated = cacheDir ? join(cacheDir, 'opened.bin') : undefined;
  const known = consolidated ? await readIndexCache(consolidated, indexKey) : { opened: new Map<string, OpenedSegment>(), damaged: new Map<string, DamagedSegment>(), verified: new Set<string>(), additions: undefined };
  // A recipient's load opens again what a writer's kept without its private part.
  if (secret !== undefined) for (const [key, s] of known.opened) if (s.privateLeftOut) known.opened.delete(key);
  const kept: OpenedSegment[] = [];
  let leftOut = 0;
  // A writer skips what its own consolidations cover; a reader opens every segment (and checks them).
  const covering = ownWriter !== undefined && !flat ? new Covering(ownWriter, writerIndexPrefix(ownWriter)) : undefined;
  const vouchOf = (key: string) => cachedVouch(known.opened.get(key), byId);
  for (const key of covering ? keys : []) {
    const vouch = vouchOf(key);
    if (vouch) covering!.note(known.opened.get(key)!.segment, { vouch, writer: known.opened.get(key)!.writer });
  }
  const todo = keys.filter((key) => !covering?.has(key) && !vouchOf(key));
  const opened = new Map<string, Opened>();
  const damaged = new Map<string, DamagedSegment & { lasting: boolean }>();
  let judged = 0;
  const judge = async (object: ListedVersion) => {
    const key = object.key;
    const before = known.damaged.get(key);
    if (before && before.version === versionToken(object)) return void damaged.set(key, { ...before, lasting: true });
    judged++;
    const found = await openOne(store, object, key, indexKey, byId, cacheDir, flat);
    if ('reason' in found) damaged.set(key, { version: versionToken(object), reason: found.reason, lasting: found.lasting });
    else opened.set(key, found);
  };
  // each one's bytes dropped once opened: a flood of segments is not held in memory
  if (covering) await covering.open(todo.map((key) => objects.get(key)!), judge, (key) => opened.get(key));
  else await fewAtATime(todo.map((key) => objects.get(key)!), judge);
  for (const key of todo) {
    const bad = damaged.get(key);
    if (bad) index.damagedSegments.push({ key, reason: bad.reason });
    const found = opened.get(key);
    if (found?.source.vouch === 'misplaced') index.damagedSegments.push({ key, reason: misplaced(found.source) });
  }
  const parts = secret && (await PrivateParts.load(secret, indexKey, cacheDir && join(cacheDir, 'private-parts.sealed')));
  const segments: LoadedSegment[] = [];
  const used = new Map<string, Opened>();
  if (seen) seen.used = [];
  // In listing order, whether opened now or known from the cache: which location comes first is the same either way.
  for (const key of keys) {
    if (covering?.has(key)) continue;
    const at = objects.get(key)!.lastModified.getTime();
    const cached = known.opened.get(key);
    const vouch = cachedVouch(cached, byId);
    const found = vouch ? { segment: cached!.segment, source: { key, vouch, ...(cached!.writer && { writer: cached!.writer }) } } : opened.get(key);
    if (!found) {
      segments.push({ key, at });
      continue;
    }
    const own = found.source.vouch === 'active' && found.source.writer === ownWriter;
    segments.push({ key, at, ...(own && { own: found.segment }) });
    used.set(key, found);
    // A reader takes a consolidation's records from the segments it covers, never from its claim.
    const small = parts && found.segment.sealed && !found.segment.covers ? openSmall(found.segment, parts, key, index.damagedSegments) : undefined;
    if (!seen && (ownWriter !== undefined || !found.segment.covers)) index.add(withSmall(found.segment, small), found.source);
    seen?.used?.push({ key, segment: found.segment, ...(small && { small }), source: found.source });
    let keep = vouch ? cached : toCached(found.segment, found.source, byId);
    if (keep && secret === undefined) {
      const before = keep;
      keep = withoutPrivate(keep);
      if (keep !== before && vouch) leftOut++; // cached with its part (an older version): written again without
    }
    if (keep) kept.push(keep);
  }
  const checked = ownWriter === undefined ? verifyConsolidations(used, known.verified) : { problems: [], verified: [], settled: [] };
  index.damagedSegments.push(...checked.problems);
  const { verified, settled } = checked;
  const lasting = new Map([...damaged].filter(([, d]) => d.lasting).map(([key, { version, reason }]) => [key, { version, reason }]));
  const changed = judged > 0 || leftOut > 0 || kept.length !== known.opened.size || lasting.size !== known.damaged.size || verified.length !== known.verified.size;
  if (consolidated && changed) await writeIndexCache(consolidated, indexKey, { opened: kept, damaged: lasting, verified }, known);
  await parts?.save();
  if (seen) Object.assign(seen, { listed: objects, damaged: new Map([...damaged].map(([key, d]) => [key, d.version])), verified, settled });
  return { index, segments };
}

/**
 * Which segments to read. A reader reads all. A writer dedups only against its own records, so it
 * reads only index/<its id>/ (since 0.4): no other agent can make it download anything, however
 * many segments that one writes. Before 0.4 every segment was flat (index/<sha>): a writer whose
 * prefix is still empty reads the flat ones once, and the backup then republishes its own records
 * under its prefix (VaultWriter.consolidate). Other writers' prefixes are never read.
 */
async function segmentKeys(store: BlobStore, ownWriter: string | undefined): Promise<{ objects: Map<string, ListedVersion>; flat: boolean }> {
  if (ownWriter === undefined) return { objects: (await listResolved(store, 'index/')).objects, flat: false };
  const own = (await listResolved(store, writerIndexPrefix(ownWriter))).objects;
  if (own.size > 0) return { objects: own, flat: false };
  const all = (await listResolved(store, 'index/')).objects;
  return { objects: new Map([...all].filter(([key]) => indexKeyWriter(key) === undefined)), flat: true };
}

export type Opened = { segment: IndexSegment; source: SegmentSource };

/** Why a misplaced segment is reported. */
export const misplaced = (source: SegmentSource): string => `is signed by writer ${source.writer} but lies under another writer's prefix (forged there)`;

/**
 * One segment, from the cache folder (segments are immutable) or the store, opened. Only a
 * segment that opens is kept in the folder; one that does not is a lasting verdict on its bytes
 * (too large, not decrypting, not a segment), unless the store refused to hand it over (the one
 * flat read of a writer under a per-writer IAM policy: that only costs dedup).
 */
export async function openOne(store: BlobStore, object: ListedVersion, key: string, indexKey: Buffer, byId: ReadonlyMap<string, WriterEntry>, cacheDir: string | undefined, flat: boolean): Promise<Opened | { reason: string; lasting: boolean }> {
  const disk = cacheDir && join(cacheDir, key.slice('index/'.length).replace('/', '-'));
  const hit = disk ? await fsp.readFile(disk).catch(() => undefined) : undefined;
  let bytes: Buffer | BulkheadError;
  try {
    bytes = hit ?? (await getFirstOrWhy(store, object));
  } catch (e) {
    if (flat && isBulkheadError(e)) return { reason: e.message, lasting: false };
    throw e;
  }
  if (!Buffer.isBuffer(bytes)) return { reason: bytes.message, lasting: true }; // too large to be a segment: refused unread
  try {
    const found = await openSegment(bytes, indexKey, key, byId);
    if (disk && !hit) await fsp.writeFile(disk, bytes);
    return found;
  } catch (e) {
    return { reason: segmentFault(e), lasting: true };
  }
}

/** The small blobs a segment's private part places in its packs, by pack id. */
export type SmallBlobs = ReadonlyMap<string, PackEntry[]>;

/**
 * Opens the private part of a segment: where its small blobs are. A part not addressed to this
 * identity (a recipient added later) only leaves those blobs unlisted, as their packs are
 * unreadable to it anyway; a damaged part is noted like a damaged segment.
 */
export function openSmall(segment: IndexSegment, parts: PrivateParts, key: string, problems: { key: string; reason: string }[]): SmallBlobs | undefined {
  try {
    return new Map(parts.open(key, segment.sealed!, `private part of index segment ${key}`).map((p) => [p.id, p.blobs]));
  } catch (e) {
    if (!isBulkheadError(e, 'NEEDS_IDENTITY')) problems.push({ key, reason: `its private part ${segmentFault(e)}` });
    return undefined;
  }
}

/** The segment's pack records with their small blobs added (after the others, in each pack the part names). */
export const withSmall = (segment: IndexSegment, small: SmallBlobs | undefined): IndexSegment =>
  small ? { ...segment, packs: segment.packs.map((p) => (small.has(p.id) ? { ...p, blobs: [...p.blobs, ...small.get(p.id)!] } : p)) } : segment;

/** What went wrong, in the words `check` reports: the AEAD, the ceiling, zstd or the JSON. */
function segmentFault(e: unknown): string {
  if (e instanceof TooLarge) return 'decompresses to more than the 64 MiB an index segment may hold (a decompression bomb?)';
  if (isBulkheadError(e)) return 'does not decrypt (damaged, or not sealed with this vault\'s index key)';
  if (e instanceof SyntaxError || (e instanceof Error && e.name === 'ZodError')) return 'decrypts but is not a valid index segment';
  return 'does not decompress';
}
