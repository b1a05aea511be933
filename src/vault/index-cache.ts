import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readSealedJson, writeSealedJson } from './sealed-file.js';
import type { WriterEntry } from './config.js';
import type { IndexSegment, SegmentSource, Vouch } from './index-segment.js';

/** A segment as opened once: its content, and the writer key its signature was checked with. */
export interface OpenedSegment {
  key: string;
  segment: IndexSegment;
  writer?: string;
  /** unsigned: format 1; otherwise the public key that verified the signature (absent: writer unknown then). */
  unsigned?: true;
  verifiedWith?: string;
  /**
   * Kept without its sealed private part, by a load that cannot open it (a writer's): most of a
   * writer's cache was those parts, read and parsed on every backup for nothing (#14). A
   * recipient's load opens such a segment again.
   */
  privateLeftOut?: true;
}

/** A segment that did not open (too large, not decrypting, not a segment): the same bytes never will. */
export interface DamagedSegment {
  /** The listed version judged (listing.ts versionToken): another version is judged again. */
  version: string;
  reason: string;
}

export interface IndexCache {
  opened: Map<string, OpenedSegment>;
  damaged: Map<string, DamagedSegment>;
  /** Consolidations a reader found to repeat exactly the segments they cover (consolidation.ts): never judged again. */
  verified: Set<string>;
  /** The files read besides the main one (segments opened since it was last written whole); undefined: no main file was read. */
  additions: string[] | undefined;
}

const AD = 'bulkhead/v1/index-cache/2';
const ADDITION_AD = 'bulkhead/v1/index-cache-addition/2';
/** Additions kept beside the main file before it is written whole again. */
const MOST_ADDITIONS = 16;

/**
 * The index segments this machine has opened, kept as one file sealed under the index key (the
 * same protection as the segments themselves), and those opened since it was last written whole in
 * small sealed files beside it (writeIndexCache): a backup of a vault with thousands of segments
 * opens, decompresses, parses and verifies only the segments that are new since the last run,
 * instead of every one every hour. Any doubt (unreadable, another key, a writer's key changed)
 * sends that segment, or all of them, back through openSegment. Segments that did not open are
 * remembered too (by key and version, with the reason): a hijacked agent's junk under index/ is
 * downloaded once per machine, and neither kept on its disk nor fetched again on every run.
 */
export async function readIndexCache(path: string, indexKey: Buffer): Promise<IndexCache> {
  const stored = await readSealedJson<{ opened: OpenedSegment[]; damaged: [string, DamagedSegment][]; verified?: string[] }>(path, indexKey, AD);
  const opened = new Map((stored?.opened ?? []).map((s) => [s.key, s]));
  const additions = stored ? await additionFiles(path) : undefined;
  for (const file of additions ?? []) {
    const added = await readSealedJson<{ opened: OpenedSegment[] }>(file, indexKey, ADDITION_AD);
    for (const s of added?.opened ?? []) opened.set(s.key, s);
  }
  return { opened, damaged: new Map(stored?.damaged), verified: new Set(stored?.verified), additions };
}

/**
 * Saves what the load kept. When it only added segments to what was read (the usual backup: the
 * last run's segment is new), they go into a small file of their own beside the main one, which
 * held every segment opened so far and was sealed whole again after every run (~0.3 s on a vault
 * of a few thousand segments, growing with it). Anything else, or too many additions, writes the
 * main file whole and removes the additions it now holds.
 */
export async function writeIndexCache(path: string, indexKey: Buffer, cache: { opened: readonly OpenedSegment[]; damaged: ReadonlyMap<string, DamagedSegment>; verified: readonly string[] }, before: IndexCache): Promise<void> {
  const added = cache.opened.filter((s) => before.opened.get(s.key) !== s);
  const onlyAdded =
    cache.opened.length - added.length === before.opened.size &&
    sameEntries(cache.damaged, before.damaged) &&
    cache.verified.length === before.verified.size &&
    cache.verified.every((k) => before.verified.has(k));
  if (onlyAdded && before.additions && before.additions.length < MOST_ADDITIONS) {
    if (added.length > 0) await writeSealedJson(`${path}.added-${Date.now()}-${randomBytes(4).toString('hex')}`, indexKey, ADDITION_AD, { opened: added });
    return;
  }
  await writeSealedJson(path, indexKey, AD, { opened: cache.opened, damaged: [...cache.damaged], verified: cache.verified });
  for (const file of before.additions ?? (await additionFiles(path))) await fsp.rm(file, { force: true });
}

const sameEntries = (a: ReadonlyMap<string, DamagedSegment>, b: ReadonlyMap<string, DamagedSegment>) =>
  a.size === b.size && [...a].every(([k, d]) => b.get(k)?.version === d.version && b.get(k)?.reason === d.reason);

async function additionFiles(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.added-`;
  const names = await fsp.readdir(dirname(path)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && !n.endsWith('.tmp')).sort().map((n) => join(dirname(path), n));
}

/** Who vouches for a cached segment under today's writers, or undefined when it must be opened again. */
export function cachedVouch(s: OpenedSegment | undefined, writers: ReadonlyMap<string, WriterEntry>): Vouch | undefined {
  if (!s) return undefined;
  if (s.unsigned) return 'unsigned';
  const entry = s.writer ? writers.get(s.writer) : undefined;
  if (!s.verifiedWith) return entry ? undefined : 'unknown-writer';
  if (!entry) return 'unknown-writer';
  if (entry.publicKey !== s.verifiedWith) return undefined;
  return entry.revoked ? 'revoked' : 'active';
}

/** What to keep of a segment just opened; a bad signature is not kept (it is checked again next time). */
export function toCached(segment: IndexSegment, source: SegmentSource, writers: ReadonlyMap<string, WriterEntry>): OpenedSegment | undefined {
  const base = { key: source.key, segment, ...(source.writer && { writer: source.writer }) };
  if (source.vouch === 'unsigned') return { ...base, unsigned: true };
  if (source.vouch === 'unknown-writer') return base;
  if (source.vouch === 'bad-signature' || source.vouch === 'misplaced') return undefined;
  return { ...base, verifiedWith: writers.get(source.writer!)!.publicKey };
}

/** What a load that cannot open private parts keeps of a segment: the rest. */
export function withoutPrivate(s: OpenedSegment): OpenedSegment {
  if (!s.segment.sealed) return s;
  const segment = { ...s.segment };
  delete segment.sealed;
  return { ...s, segment, privateLeftOut: true };
}
