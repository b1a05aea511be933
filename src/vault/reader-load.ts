import { join } from 'node:path';
import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { hkdf } from '../crypto/kdf.js';
import type { BlobLookup } from './blob-index.js';
import type { WriterEntry } from './config.js';
import type { IndexSegment } from './index-segment.js';
import { fewAtATime, listResolved, versionToken } from './listing.js';
import { loadForReader, loadIndex, misplaced, openOne, withPrivate, type ReaderLoad } from './load-index.js';
import { LookupFile, writeLookupFile } from './lookup-file.js';
import { mergeRecords, RECORD } from './lookup-records.js';
import { PrivateParts } from './private-parts.js';
import { addSegments, keep, positionsToday, ReaderIndex, vouchToday, type KeptSegment, type LookupHeader } from './reader-index.js';

const KEY_INFO = 'bulkhead/v1/reader-index/1';
const FILE = 'lookup.sealed';

/**
 * A recipient's index for reading: from its lookup file (reader-index.ts) when that still says
 * what a whole load would, so a restore of one file reads the few blocks its blobs are in instead
 * of placing every record of the vault in memory (#14); otherwise the whole load (load-index.ts,
 * every check) writes the file again, and it is read from there. The file is sealed under a key only this
 * identity derives (it lists where the small blobs live, which writers must not learn).
 *
 * The file is used when every segment it kept is listed as it was read, and each one's writer
 * still has the key it was checked with (vouches are taken from today's config: a writer revoked
 * since ranks lower at once). Segments listed since are opened (from the cache folder or the
 * store) and added to the file, with whatever they show (damage, a misplaced signature, a private
 * part that does not open); a new consolidation, or new segments beside one not yet found exact,
 * take the whole load, which judges consolidations.
 */
export async function loadReaderIndex(store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[], cacheDir: string | undefined, secret: Buffer): Promise<BlobLookup> {
  if (!cacheDir) return loadIndex(store, indexKey, writers, undefined, secret);
  const key = hkdf(secret, KEY_INFO, indexKey);
  const path = join(cacheDir, FILE);
  const byId = new Map(writers.map((w) => [w.id, w]));
  const listed = (await listResolved(store, 'index/')).objects;
  const fast = await fromFile(path, key, listed, byId, async (fresh) => openFresh(store, indexKey, byId, cacheDir, secret, fresh), 'file');
  if (fast) return fast;
  const seen: Partial<ReaderLoad> = { listed };
  const { damagedSegments } = await loadForReader(store, indexKey, writers, cacheDir, secret, seen);
  const header: LookupHeader = { segments: [], damaged: [...seen.damaged!], problems: [...damagedSegments], packs: [], claims: [], recipients: [], odd: [], ids: 0 };
  const settled = new Set(seen.verified);
  const used = seen.used!.map(({ key: k, segment, source }) => ({ kept: keep(k, versionToken(listed.get(k)!), source, byId, isUnsettled(segment, source.vouch, settled.has(k))), segment }));
  const records = addSegments(header, used);
  header.ids = distinctIds(records, header.odd);
  await writeLookupFile(path, key, header, records);
  // Read back as any later load will: what the whole load found, from the file just written.
  return (await fromFile(path, key, listed, byId, async () => ({ added: [], damaged: [], problems: [], consolidation: true }), 'whole')) ?? loadIndex(store, indexKey, writers, undefined, secret);
}

/** A consolidation signed by an enrolled writer that the load did not find exact (verifyConsolidations judges those only). */
const isUnsettled = (segment: IndexSegment, vouch: string, verified: boolean) => !!segment.covers && (vouch === 'active' || vouch === 'revoked') && !verified;

interface Fresh {
  added: { kept: KeptSegment; segment: IndexSegment }[];
  damaged: [string, string][];
  problems: { key: string; reason: string }[];
  /** A consolidation among them: only the whole load judges it. */
  consolidation: boolean;
}

async function fromFile(path: string, key: Buffer, listed: Map<string, ListedVersion>, byId: ReadonlyMap<string, WriterEntry>, open: (fresh: ListedVersion[]) => Promise<Fresh>, how: 'file' | 'whole'): Promise<ReaderIndex | undefined> {
  const file = LookupFile.open<LookupHeader>(path, key);
  if (!file) return undefined;
  const usable = (f: LookupFile<LookupHeader>) => {
    const position = positionsToday(f.header, listed, versionToken);
    const vouches = f.header.segments.map((s) => vouchToday(s, byId));
    const damagedAsRead = f.header.damaged.every(([k, version]) => listed.has(k) && versionToken(listed.get(k)!) === version);
    return position && damagedAsRead && vouches.every((v) => v !== undefined) ? { position, vouches: vouches as NonNullable<(typeof vouches)[number]>[] } : undefined;
  };
  const now = usable(file);
  const known = new Set([...file.header.segments.map((s) => s.key), ...file.header.damaged.map(([k]) => k)]);
  const fresh = [...listed.values()].filter((v) => !known.has(v.key));
  if (!now || (fresh.length > 0 && file.header.segments.some((s) => s.unsettled))) return void file.close();
  if (fresh.length === 0) return new ReaderIndex(file, now.position, now.vouches, [...file.header.problems], how);
  const found = await open(fresh);
  if (found.consolidation) return void file.close();
  const header: LookupHeader = { ...file.header, segments: [...file.header.segments], damaged: [...file.header.damaged, ...found.damaged], problems: [...file.header.problems, ...found.problems], packs: [...file.header.packs], claims: [...file.header.claims], recipients: [...file.header.recipients], odd: [...file.header.odd] };
  let records: Buffer;
  try {
    records = mergeRecords(file.records(), addSegments(header, found.added));
  } finally {
    file.close();
  }
  header.ids = distinctIds(records, header.odd);
  await writeLookupFile(path, key, header, records);
  const next = LookupFile.open<LookupHeader>(path, key);
  const then = next && usable(next);
  if (!next || !then) return void next?.close();
  return new ReaderIndex(next, then.position, then.vouches, [...next.header.problems], 'merged');
}

/** Opens the segments listed since the file was written, as the whole load would (load-index.ts). */
async function openFresh(store: BlobStore, indexKey: Buffer, byId: ReadonlyMap<string, WriterEntry>, cacheDir: string, secret: Buffer, fresh: ListedVersion[]): Promise<Fresh> {
  const out: Fresh = { added: [], damaged: [], problems: [], consolidation: false };
  const opened = new Map<string, Awaited<ReturnType<typeof openOne>>>();
  await fewAtATime(fresh, async (v) => void opened.set(v.key, await openOne(store, v, v.key, indexKey, byId, cacheDir, false)));
  // Not the operator's cache of opened private parts (reading it whole is what this file avoids): a key agreement per new part.
  const parts = await PrivateParts.load(secret, indexKey);
  for (const v of fresh) {
    const found = opened.get(v.key)!;
    if ('reason' in found) {
      out.damaged.push([v.key, versionToken(v)]);
      out.problems.push({ key: v.key, reason: found.reason });
      continue;
    }
    if (found.segment.covers) out.consolidation = true;
    if (found.source.vouch === 'misplaced') out.problems.push({ key: v.key, reason: misplaced(found.source) });
    const segment = found.segment.sealed ? withPrivate(found.segment, parts, v.key, out.problems) : found.segment;
    out.added.push({ kept: keep(v.key, versionToken(v), found.source, byId, false), segment });
  }
  return out;
}

function distinctIds(records: Buffer, odd: LookupHeader['odd']): number {
  let n = new Set(odd.map((r) => r[0])).size;
  for (let o = 0; o < records.length; o += RECORD) if (o === 0 || records.compare(records, o - RECORD, o - RECORD + 32, o, o + 32) !== 0) n++;
  return n;
}
