import type { ListedVersion } from '../storage/blob-store.js';
import type { IndexSegment, PackRecord, SegmentSource, Vouch } from './index-segment.js';
import { fewAtATime } from './listing.js';

/**
 * Index consolidation (FORMAT.md, "Consolidation"). A deployed agent starts with an empty cache
 * folder on every run, and used to open every segment under its prefix: one per hourly run, 8,760
 * after a year. Once its load met more than CONSOLIDATE_AFTER segments no consolidation covers, a
 * backup writes one signed segment repeating its own records from them, naming the segments it
 * covers; its next load opens the consolidations and only what they do not cover.
 *
 * 32: each consolidation is a write of all it repeats, so it should come rarely (every ~32 runs,
 * a day and a half of hourly runs), while 32 small segments are four rounds of eight GETs (~0.1 s
 * on S3, ~30 ms local). Consolidations merge like a binary counter (a newer one absorbs the older
 * ones no more than twice its size), so a load meets about log2(runs / 32) of them, and each record
 * is rewritten about that many times, not once per consolidation.
 */
export const CONSOLIDATE_AFTER = 32;
/** Weight (blob records plus covered keys, ~100 bytes of JSON each) of one consolidation: far below the 64 MiB ceiling. */
const MOST_WEIGHT = 200_000;
const ROUND = 8;

/** A segment a writer's load used, for planning. */
export interface LoadedSegment {
  key: string;
  /** When the store received it (ms): consolidations are newer than all they cover. */
  at: number;
  /** Its content when this writer signed it (and is active); any other segment under its prefix holds nothing it uses. */
  own?: IndexSegment;
}

const hex = (key: string) => key.slice(-64);
const weight = (s: LoadedSegment) => 1 + (s.own ? s.own.packs.reduce((n, p) => n + p.blobs.length, 0) + (s.own.covers?.length ?? 0) : 0);
const newestFirst = (a: { at: number; key: string }, b: { at: number; key: string }) => b.at - a.at || (a.key < b.key ? -1 : 1);

/**
 * Which consolidations the backup writes, or undefined (few enough plain segments). Every plain
 * segment goes in, and the newest consolidations while each is no more than twice what is merged
 * so far; a part never passes MOST_WEIGHT. `alongside` names the consolidations left as they are.
 */
export function planConsolidation(segments: readonly LoadedSegment[]): { parts: IndexSegment[]; alongside: string[] } | undefined {
  const newest = [...segments].sort(newestFirst);
  const plain = newest.filter((s) => !s.own?.covers);
  if (plain.length <= CONSOLIDATE_AFTER) return undefined;
  const merged = [...plain];
  let total = plain.reduce((n, s) => n + weight(s), 0);
  const left: LoadedSegment[] = [];
  for (const c of newest.filter((s) => s.own?.covers)) {
    if (left.length === 0 && weight(c) <= 2 * total && total + weight(c) <= MOST_WEIGHT) {
      merged.push(c);
      total += weight(c);
    } else left.push(c);
  }
  const groups: LoadedSegment[][] = [[]];
  let size = 0;
  for (const s of merged) {
    if (size > 0 && size + weight(s) > MOST_WEIGHT) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(s);
    size += weight(s);
  }
  const parts = groups.map((group) => ({
    packs: mergeRecords(group.flatMap((s) => (s.own ? [s.own] : []))),
    extended: [],
    covers: [...new Set(group.flatMap((s) => [hex(s.key), ...(s.own?.covers ?? [])]))].sort(),
  }));
  return { parts, alongside: left.map((s) => hex(s.key)) };
}

/** The same pack record (id, size, recipients) as one string: a consolidation repeats each exactly. */
const head = (p: PackRecord) => `${p.id}|${p.size}|${p.recipients ? [...p.recipients].sort().join(',') : '-'}`;

/** Every record of these segments once, the first claim of each pack's retention kept (a claim either way). */
function mergeRecords(segments: readonly IndexSegment[]): PackRecord[] {
  const packs = new Map<string, PackRecord>();
  const seen = new Set<string>();
  for (const s of segments) {
    for (const p of s.packs) {
      const h = head(p);
      let record = packs.get(h);
      if (!record) packs.set(h, (record = { id: p.id, size: p.size, retainUntil: p.retainUntil, blobs: [], ...(p.recipients && { recipients: p.recipients }) }));
      for (const b of p.blobs) {
        const t = `${h}|${b.join('|')}`;
        if (seen.has(t)) continue;
        seen.add(t);
        record.blobs.push(b);
      }
    }
  }
  return [...packs.values()].filter((p) => p.blobs.length > 0);
}

function* tuples(packs: readonly PackRecord[]): IterableIterator<string> {
  for (const p of packs) for (const b of p.blobs) yield `${head(p)}|${b.join('|')}`;
}

/**
 * A writer's load of its own prefix: newest first, in rounds of eight, each round skipping what
 * the consolidations opened so far cover (their hints opened first). Only the writer's own active
 * signature makes a claim count: anything else under its prefix is opened like any segment. A
 * claim only ever lets it skip a segment: a lying one costs it dedup, never a wrong location.
 */
export class Covering {
  readonly #covered = new Set<string>();
  #hinted: string[] = [];

  constructor(
    readonly writer: string,
    readonly prefix: string,
  ) {}

  has(key: string): boolean {
    return this.#covered.has(key);
  }

  note(segment: IndexSegment, source: { vouch: Vouch; writer?: string }): void {
    if (source.vouch !== 'active' || source.writer !== this.writer || !segment.covers) return;
    for (const h of segment.covers) this.#covered.add(this.prefix + h);
    for (const h of segment.alongside ?? []) this.#hinted.push(this.prefix + h);
  }

  async open(objects: readonly ListedVersion[], judge: (v: ListedVersion) => Promise<void>, found: (key: string) => { segment: IndexSegment; source: SegmentSource } | undefined): Promise<void> {
    const order = [...objects].sort((a, b) => newestFirst({ at: a.lastModified.getTime(), key: a.key }, { at: b.lastModified.getTime(), key: b.key }));
    const byKey = new Map(order.map((v) => [v.key, v]));
    const done = new Set<string>();
    const take = (v: ListedVersion | undefined, round: ListedVersion[]) => {
      if (!v || done.has(v.key) || this.#covered.has(v.key)) return;
      done.add(v.key);
      round.push(v);
    };
    for (let next = 0; ; ) {
      const round: ListedVersion[] = [];
      for (const key of this.#hinted) take(byKey.get(key), round);
      this.#hinted = [];
      while (round.length < ROUND && next < order.length) take(order[next++], round);
      if (round.length === 0) return;
      await fewAtATime(round, judge);
      for (const v of round) {
        const f = found(v.key);
        if (f) this.note(f.segment, f.source);
      }
    }
  }
}

type Used = ReadonlyMap<string, { segment: IndexSegment; source: SegmentSource }>;
/**
 * Records one load compares for consolidations: this many times those of every segment it opened,
 * plus a floor. Honest consolidations merge like a binary counter, so together they repeat each
 * record about log2(runs / 32) times (~8 after a year of hourly runs); a flood of small ones each
 * naming the same large segments would otherwise cost the operator's look all their records per
 * consolidation (hours on a fresh machine mid-incident). What is over is left unjudged and named.
 */
const JUDGE_FACTOR = 32;
const JUDGE_FLOOR = 100_000;
const signed = (v: Vouch) => v === 'active' || v === 'revoked';

/**
 * A reader's check of every consolidation it opened (readers never use their records: they open
 * every segment). Its records must be exactly those of the plain segments it covers that its
 * signer signed. A covered segment gone (expired) or not opening leaves the extra records unjudged.
 * One found exact while every covered segment was there stays exact (segments are immutable):
 * `known` (the reader's cache) is not judged again, so an operator's look does not re-read them all.
 */
export function verifyConsolidations(used: Used, known: ReadonlySet<string> = new Set()): { problems: { key: string; reason: string }[]; verified: string[]; settled: string[] } {
  const problems: { key: string; reason: string }[] = [];
  const verified: string[] = [];
  /** Judged for good: found exact, or lying while every segment it covers was there (segments never change). */
  const settled: string[] = [];
  const counts = new Map<IndexSegment, number>();
  const count = (s: IndexSegment) => counts.get(s) ?? (counts.set(s, s.packs.reduce((n, p) => n + p.blobs.length, 0)), counts.get(s)!);
  const coverable = (c: { segment: IndexSegment; source: SegmentSource }, writer: string | undefined) => !c.segment.covers && c.source.writer === writer && signed(c.source.vouch);
  let budget = JUDGE_FACTOR * [...used.values()].reduce((n, u) => n + count(u.segment), 0) + JUDGE_FLOOR;
  for (const [key, { segment, source }] of used) {
    if (!segment.covers || !signed(source.vouch)) continue; // forged ones are reported as such already
    if (known.has(key)) {
      verified.push(key);
      settled.push(key);
      continue;
    }
    const prefix = key.slice(0, key.lastIndexOf('/') + 1);
    // What comparing it costs, from counts alone: the records it claims and those of what it covers.
    let cost = count(segment);
    for (const h of segment.covers) {
      const covered = used.get(prefix + h);
      if (covered && coverable(covered, source.writer)) cost += count(covered.segment);
    }
    if (cost > budget) {
      problems.push({ key, reason: `is a consolidation signed by writer ${source.writer} left unjudged: this load compared as many records for consolidations as it compares for ${JUDGE_FACTOR} times the whole index, and one small consolidation naming large segments costs all their records (a writer flooding consolidations?); revoke it ("bulkhead vault revoke --writer ${source.writer}") if its agent may be compromised` });
      continue;
    }
    budget -= cost;
    const claimed = new Set(tuples(segment.packs));
    const matched = new Set<string>();
    let dropped = 0;
    let unknown = 0;
    for (const h of segment.covers) {
      const covered = used.get(prefix + h);
      if (!covered) unknown++;
      else if (coverable(covered, source.writer)) {
        for (const t of tuples(covered.segment.packs)) if (claimed.has(t)) matched.add(t);
        else dropped++;
      }
    }
    const added = unknown > 0 ? 0 : claimed.size - matched.size;
    if (dropped > 0 || added > 0) {
      problems.push({ key, reason: `is a consolidation signed by writer ${source.writer} that does not repeat the segments it covers (${dropped} of their records left out, ${added} records none of them holds): a writer lying about its own records; revoke it ("bulkhead vault revoke --writer ${source.writer}") if its agent may be compromised` });
    } else if (unknown === 0) verified.push(key);
    if (unknown === 0) settled.push(key);
  }
  return { problems, verified, settled };
}
