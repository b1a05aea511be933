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
}

const AD = 'bulkhead/v1/index-cache/2';

/**
 * The index segments this machine has opened, kept as one file sealed under the index key (the
 * same protection as the segments themselves): a backup of a vault with thousands of segments
 * opens, decompresses, parses and verifies only the segments that are new since the last run,
 * instead of every one every hour. Any doubt (unreadable, another key, a writer's key changed)
 * sends that segment, or all of them, back through openSegment. Segments that did not open are
 * remembered too (by key and version, with the reason): a hijacked agent's junk under index/ is
 * downloaded once per machine, and neither kept on its disk nor fetched again on every run.
 */
export async function readIndexCache(path: string, indexKey: Buffer): Promise<IndexCache> {
  const stored = await readSealedJson<{ opened: OpenedSegment[]; damaged: [string, DamagedSegment][]; verified?: string[] }>(path, indexKey, AD);
  return { opened: new Map((stored?.opened ?? []).map((s) => [s.key, s])), damaged: new Map(stored?.damaged), verified: new Set(stored?.verified) };
}

export const writeIndexCache = (path: string, indexKey: Buffer, cache: { opened: readonly OpenedSegment[]; damaged: ReadonlyMap<string, DamagedSegment>; verified: readonly string[] }): Promise<void> =>
  writeSealedJson(path, indexKey, AD, { opened: cache.opened, damaged: [...cache.damaged], verified: cache.verified });

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
