import { join } from 'node:path';
import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { hkdf } from '../crypto/kdf.js';
import type { BlobLookup } from './blob-index.js';
import type { WriterEntry } from './config.js';
import type { IndexSegment, SegmentSource } from './index-segment.js';
import { fewAtATime, listResolved, versionToken } from './listing.js';
import { loadForReader, loadIndex, misplaced, openOne, openSmall, type ReaderLoad, type SmallBlobs } from './load-index.js';
import { LookupFile, writeLookupFile } from './lookup-file.js';
import { mergeRecords, RECORD } from './lookup-records.js';
import { PrivateParts } from './private-parts.js';
import { addSegments, keep, positionsToday, ReaderIndex, vouchToday, type KeptSegment, type LookupHeader } from './reader-index.js';
import { judgeConsolidations } from './reader-consolidations.js';

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
 * part that does not open), and consolidations among them, or kept ones not yet found exact, are
 * judged as the whole load judges them, against the records the file holds.
 */
export async function loadReaderIndex(store: BlobStore, indexKey: Buffer, writers: readonly WriterEntry[], cacheDir: string | undefined, secret: Buffer): Promise<BlobLookup> {
  if (!cacheDir) return loadIndex(store, indexKey, writers, undefined, secret);
  const key = hkdf(secret, KEY_INFO, indexKey);
  const path = join(cacheDir, FILE);
  const byId = new Map(writers.map((w) => [w.id, w]));
  const listed = (await listResolved(store, 'index/')).objects;
  const fast = await fromFile(path, key, listed, byId, (fresh, again) => openFresh(store, indexKey, byId, cacheDir, secret, fresh, again), 'file');
  if (fast) return fast;
  const seen: Partial<ReaderLoad> = { listed };
  const { damagedSegments } = await loadForReader(store, indexKey, writers, cacheDir, secret, seen);
  const header: LookupHeader = { segments: [], damaged: [...seen.damaged!], problems: [...damagedSegments], packs: [], claims: [], recipients: [], odd: [], ids: 0 };
  const settled = new Set(seen.settled);
  const used = seen.used!.map(({ key: k, segment, small, source }) => ({ kept: keep(k, versionToken(listed.get(k)!), segment, source, byId, settled.has(k)), segment, ...(small && { small }) }));
  const records = addSegments(header, used);
  header.ids = distinctIds(records, header.odd);
  await writeLookupFile(path, key, header, records);
  // Read back as any later load will: what the whole load found, from the file just written.
  return (await fromFile(path, key, listed, byId, () => Promise.resolve({ added: [], damaged: [], problems: [], opened: new Map(), unopened: true }), 'whole')) ?? loadIndex(store, indexKey, writers, undefined, secret);
}

type Opened = { segment: IndexSegment; source: SegmentSource };

interface Fresh {
  added: { kept: KeptSegment; segment: IndexSegment; small?: SmallBlobs }[];
  damaged: [string, string][];
  problems: { key: string; reason: string }[];
  /** Every segment that opened, as stored: those listed since, and the kept consolidations to judge again. */
  opened: Map<string, Opened>;
  /** A kept consolidation to judge again did not open (no copy in the folder, and the store's refused): the whole load. */
  unopened: boolean;
}

async function fromFile(
  path: string,
  key: Buffer,
  listed: Map<string, ListedVersion>,
  byId: ReadonlyMap<string, WriterEntry>,
  open: (fresh: ListedVersion[], again: ListedVersion[]) => Promise<Fresh>,
  how: 'file' | 'whole',
): Promise<ReaderIndex | undefined> {
  const file = LookupFile.open<LookupHeader>(path, key);
  if (!file) return undefined;
  const usable = (f: LookupFile<LookupHeader>) => {
    const position = positionsToday(f.header, listed, versionToken);
    const vouches = f.header.segments.map((s) => vouchToday(s, byId));
    const damagedAsRead = f.header.damaged.every(([k, version]) => listed.has(k) && versionToken(listed.get(k)!) === version);
    return position && damagedAsRead && vouches.every((v) => v !== undefined) ? { position, vouches: vouches as NonNullable<(typeof vouches)[number]>[] } : undefined;
  };
  const now = usable(file);
  if (!now) return void file.close();
  const known = new Set([...file.header.segments.map((s) => s.key), ...file.header.damaged.map(([k]) => k)]);
  const fresh = [...listed.values()].filter((v) => !known.has(v.key));
  if (fresh.length === 0) return new ReaderIndex(file, now.position, now.vouches, [...file.header.problems], how);
  let next: LookupFile<LookupHeader> | undefined;
  try {
    const unsettled = file.header.segments.filter((s) => s.unsettled).map((s) => listed.get(s.key)!);
    const found = await open(fresh, unsettled);
    if (found.unopened) return undefined;
    await merged(path, key, file, byId, found, unsettled);
    next = LookupFile.open<LookupHeader>(path, key);
  } finally {
    file.close();
  }
  const then = next && usable(next);
  if (!next || !then) return void next?.close();
  return new ReaderIndex(next, then.position, then.vouches, [...next.header.problems], 'merged');
}

/**
 * Writes the file again with the segments listed since, and the verdicts on the consolidations
 * among them and on those it kept unsettled (reader-consolidations.ts).
 */
async function merged(path: string, key: Buffer, file: LookupFile<LookupHeader>, byId: ReadonlyMap<string, WriterEntry>, found: Fresh, unsettled: readonly ListedVersion[]): Promise<void> {
  const old = file.header;
  const judged = new Map([...unsettled.map((v) => [v.key, found.opened.get(v.key)!] as const), ...found.added.filter((a) => a.kept.unsettled).map((a) => [a.kept.key, found.opened.get(a.kept.key)!] as const)]);
  const verdict = judged.size > 0 ? judgeConsolidations(file, byId, judged, found.opened) : { problems: [], verified: new Set<string>(), settled: new Set<string>() };
  // A lying one is settled too, its problem kept: judging it again on every look after a backup was a flood's lever.
  const settle = (s: KeptSegment): KeptSegment => {
    if (!judged.has(s.key) || !verdict.settled.has(s.key)) return s;
    const settled = { ...s };
    delete settled.unsettled;
    return settled;
  };
  const header: LookupHeader = {
    ...old,
    segments: old.segments.map(settle),
    damaged: [...old.damaged, ...found.damaged],
    problems: [...old.problems.filter((p) => !judged.has(p.key)), ...found.problems, ...verdict.problems],
    packs: [...old.packs],
    claims: [...old.claims],
    recipients: [...old.recipients],
    odd: [...old.odd],
  };
  const records = mergeRecords(file.records(), addSegments(header, found.added.map((a) => ({ ...a, kept: settle(a.kept) }))));
  header.ids = distinctIds(records, header.odd);
  await writeLookupFile(path, key, header, records);
}

/** Opens the segments listed since the file was written, as the whole load would (load-index.ts), and the kept consolidations to judge again. */
async function openFresh(store: BlobStore, indexKey: Buffer, byId: ReadonlyMap<string, WriterEntry>, cacheDir: string, secret: Buffer, fresh: ListedVersion[], again: ListedVersion[]): Promise<Fresh> {
  const out: Fresh = { added: [], damaged: [], problems: [], opened: new Map(), unopened: false };
  const got = new Map<string, Awaited<ReturnType<typeof openOne>>>();
  await fewAtATime([...fresh, ...again], async (v) => void got.set(v.key, await openOne(store, v, v.key, indexKey, byId, cacheDir, false)));
  for (const v of again) {
    const found = got.get(v.key)!;
    if ('reason' in found) out.unopened = true;
    else out.opened.set(v.key, found);
  }
  // Not the operator's cache of opened private parts (reading it whole is what this file avoids): a key agreement per new part.
  const parts = await PrivateParts.load(secret, indexKey);
  for (const v of fresh) {
    const found = got.get(v.key)!;
    if ('reason' in found) {
      out.damaged.push([v.key, versionToken(v)]);
      out.problems.push({ key: v.key, reason: found.reason });
      continue;
    }
    out.opened.set(v.key, found);
    if (found.source.vouch === 'misplaced') out.problems.push({ key: v.key, reason: misplaced(found.source) });
    const small = found.segment.sealed && !found.segment.covers ? openSmall(found.segment, parts, v.key, out.problems) : undefined;
    out.added.push({ kept: keep(v.key, versionToken(v), found.segment, found.source, byId, false), segment: found.segment, ...(small && { small }) });
  }
  return out;
}

function distinctIds(records: Buffer, odd: LookupHeader['odd']): number {
  let n = new Set(odd.map((r) => r[0])).size;
  for (let o = 0; o < records.length; o += RECORD) if (o === 0 || records.compare(records, o - RECORD, o - RECORD + 32, o, o + 32) !== 0) n++;
  return n;
}
