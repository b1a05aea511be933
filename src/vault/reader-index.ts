import type { ListedVersion } from '../storage/blob-store.js';
import { locationRank, placeLocation, type BlobLocation, type BlobLookup, type PackInfo } from './blob-index.js';
import type { IndexSegment, SegmentSource, Vouch } from './index-segment.js';
import type { SmallBlobs } from './load-index.js';
import type { PackEntry } from './pack.js';
import type { WriterEntry } from './config.js';
import type { LookupFile } from './lookup-file.js';
import { SortedRecords, type LookupRecord } from './lookup-records.js';

/** A segment as the lookup file keeps it: enough to say who vouches for it today without opening it again. */
export interface KeptSegment {
  key: string;
  /** The listed version it was read from (listing.ts versionToken). */
  version: string;
  vouch: Vouch;
  writer?: string;
  /** The writer key its signature was checked against (signed segments, a bad signature included). */
  checkedWith?: string;
  /** A consolidation (its records are not a reader's: it takes them from the segments covered). */
  consolidation?: true;
  /** A consolidation signed by an enrolled writer that a reader has not found exact (yet): judged again when segments are listed since. */
  unsettled?: true;
}

/** The lookup file's header (lookup-file.ts): everything but the blob records. */
export interface LookupHeader {
  segments: KeptSegment[];
  /** Listed versions that did not open: [key, version]. */
  damaged: [string, string][];
  /** What the load that built the file reported (damaged segments, private parts, consolidations). */
  problems: { key: string; reason: string }[];
  packs: string[];
  /** Each pack record of each segment: [segment, its place among the segment's packs, pack, size, recipient set or -1]. */
  claims: [number, number, number, number, number][];
  recipients: string[][];
  /**
   * Records whose id is not 64 lowercase hex digits (forged: no blob has such an id), kept as a
   * whole load keeps them, for check: [id, claim, type, offset, length, rawLength, small].
   */
  odd: [string, number, 'data' | 'tree', number, number, number, boolean][];
  /** Distinct blob ids. */
  ids: number;
}

/**
 * Who vouches for a kept segment under today's writers, or undefined when only opening it again
 * can say (its writer's key changed, or an unknown writer was enrolled since): as index-cache.ts
 * cachedVouch, and a bad signature stays bad against the same key.
 */
export function vouchToday(s: KeptSegment, byId: ReadonlyMap<string, WriterEntry>): Vouch | undefined {
  if (s.vouch === 'unsigned' || s.vouch === 'misplaced') return s.vouch;
  const entry = s.writer !== undefined ? byId.get(s.writer) : undefined;
  if (s.vouch === 'unknown-writer') return entry ? undefined : 'unknown-writer';
  if (!entry || entry.publicKey !== s.checkedWith) return undefined;
  if (s.vouch === 'bad-signature') return 'bad-signature';
  return entry.revoked ? 'revoked' : 'active';
}

/** What a segment's opening said, kept: the writer key that checked it, if signed and the writer known. */
export function keep(key: string, version: string, segment: IndexSegment, source: SegmentSource, byId: ReadonlyMap<string, WriterEntry>, settled: boolean): KeptSegment {
  const checkedWith = source.writer !== undefined && source.vouch !== 'unsigned' && source.vouch !== 'misplaced' && source.vouch !== 'unknown-writer' ? byId.get(source.writer)?.publicKey : undefined;
  const consolidation = !!segment.covers;
  return {
    key,
    version,
    vouch: source.vouch,
    ...(source.writer !== undefined && { writer: source.writer }),
    ...(checkedWith !== undefined && { checkedWith }),
    ...(consolidation && { consolidation: true as const }),
    ...(consolidation && judgedBy(source) && !settled && { unsettled: true as const }),
  };
}

/** Whether readers judge a consolidation so signed (verifyConsolidations: signed by an enrolled writer). */
export const judgedBy = (source: SegmentSource): boolean => source.vouch === 'active' || source.vouch === 'revoked';

/**
 * Adds segments (in listing order) to a header, and returns their blob records in id order.
 * A consolidation's records are not a reader's (it takes them from the segments covered).
 */
export function addSegments(header: LookupHeader, segments: readonly { kept: KeptSegment; segment: IndexSegment; small?: SmallBlobs }[]): Buffer {
  const packAt = new Map(header.packs.map((p, i) => [p, i]));
  const setAt = new Map(header.recipients.map((r, i) => [r.join(','), i]));
  const most = segments.reduce((n, s) => n + (s.segment.covers ? 0 : s.segment.packs.reduce((m, p) => m + p.blobs.length + (s.small?.get(p.id)?.length ?? 0), 0)), 0);
  const sorted = new SortedRecords(most);
  for (const { kept, segment, small } of segments) {
    const seg = header.segments.push(kept) - 1;
    if (segment.covers) continue;
    segment.packs.forEach((p, place) => {
      let pack = packAt.get(p.id);
      if (pack === undefined) packAt.set(p.id, (pack = header.packs.push(p.id) - 1));
      let set = -1;
      if (p.recipients) {
        const name = p.recipients.join(',');
        set = setAt.get(name) ?? -1;
        if (set < 0) setAt.set(name, (set = header.recipients.push(p.recipients) - 1));
      }
      const claim = header.claims.push([seg, place, pack, p.size, set]) - 1;
      // The pack's own records, then its small blobs (as a whole load merges them: load-index.ts withSmall).
      const add = (blobs: readonly PackEntry[], isSmall: boolean) => {
        for (const [id, type, offset, length, rawLength] of blobs) {
          if (!sorted.add(id, { claim, type, offset, length, rawLength, small: isSmall })) header.odd.push([id, claim, type, offset, length, rawLength, isSmall]);
        }
      };
      add(p.blobs, false);
      add(small?.get(p.id) ?? [], true);
    });
  }
  return sorted.finish();
}

/**
 * A reader's index searched in place in its lookup file: a lookup reads the block holding the id,
 * and places the locations claimed there exactly as BlobIndex would have placed them, in the order
 * today's listing gives their segments, with today's vouches (a writer revoked since ranks lower
 * at once). Each blob's locations are made once per session: a bad one is remembered by identity.
 */
export class ReaderIndex implements BlobLookup {
  readonly packs = new Map<string, PackInfo>();
  readonly #sources: SegmentSource[];
  readonly #byPack = new Map<number, number[]>();
  readonly #memo = new Map<string, BlobLocation[]>();

  constructor(
    private readonly file: LookupFile<LookupHeader>,
    /** Each kept segment's place in today's listing. */
    private readonly position: readonly number[],
    vouches: readonly Vouch[],
    readonly damagedSegments: { key: string; reason: string }[],
    /** How this load went: the file as it was, with segments listed since merged in, or written anew by a whole load. */
    readonly loaded: 'file' | 'merged' | 'whole',
  ) {
    const header = file.header;
    this.#sources = header.segments.map((s, i) => ({ key: s.key, vouch: vouches[i]!, ...(s.writer !== undefined && { writer: s.writer }) }));
    const order = header.claims.map((_, i) => i).sort((a, b) => this.#compare(a, b));
    for (const c of order) {
      const pack = header.claims[c]![2];
      const list = this.#byPack.get(pack) ?? [];
      list.push(c);
      this.#byPack.set(pack, list);
    }
    for (const pack of this.#byPack.keys()) this.packs.set(header.packs[pack]!, this.#packAt(pack, Infinity)!);
  }

  /** Claims in the order a whole load adds them: the listing's order of segments, then each segment's own. */
  #compare(a: number, b: number): number {
    const [sa, pa] = this.file.header.claims[a]!;
    const [sb, pb] = this.file.header.claims[b]!;
    return this.position[sa]! - this.position[sb]! || pa - pb;
  }

  /** The pack as BlobIndex knew it once every claim up to `upTo` (inclusive) was added: the first record, unless a vouched one follows an unvouched. */
  #packAt(pack: number, upTo: number): PackInfo | undefined {
    const { claims, packs, recipients } = this.file.header;
    let info: PackInfo | undefined;
    for (const c of this.#byPack.get(pack) ?? []) {
      if (upTo !== Infinity && this.#compare(c, upTo) > 0) break;
      const [seg, , , size, set] = claims[c]!;
      const trusted = this.#sources[seg]!.vouch === 'active';
      if (!info || (trusted && !info.vouched)) info = { id: packs[pack]!, size, vouched: trusted, ...(set >= 0 && { recipients: new Set(recipients[set]) }) };
    }
    return info;
  }

  #locations(id: string): BlobLocation[] {
    let locs = this.#memo.get(id);
    if (locs) return locs;
    const found = this.file.find(id) ?? this.#odd(id);
    if (found.length < 2) locs = found.map((r) => this.#location(r)); // almost every blob: one claim
    else {
      const { claims } = this.file.header;
      found.sort((a, b) => this.#compare(a.claim, b.claim));
      locs = [];
      const packOf = new Map<BlobLocation, number>();
      for (const r of found) {
        const loc = this.#location(r);
        packOf.set(loc, claims[r.claim]![2]);
        placeLocation(locs, loc, (l) => locationRank(l, this.#packAt(packOf.get(l)!, r.claim)));
      }
    }
    this.#memo.set(id, locs);
    return locs;
  }

  #odd(id: string): LookupRecord[] {
    return this.file.header.odd.filter((r) => r[0] === id).map(([, claim, type, offset, length, rawLength, small]) => ({ claim, type, offset, length, rawLength, small }));
  }

  #location(r: LookupRecord): BlobLocation {
    const [seg, , pack] = this.file.header.claims[r.claim]!;
    return { pack: this.file.header.packs[pack]!, type: r.type, offset: r.offset, length: r.length, rawLength: r.rawLength, source: this.#sources[seg]! };
  }

  get size(): number {
    return this.file.header.ids;
  }

  has(id: string): boolean {
    return this.#locations(id).length > 0;
  }

  get(id: string): BlobLocation | undefined {
    return this.#locations(id)[0];
  }

  others(id: string): readonly BlobLocation[] {
    return this.#locations(id).slice(1);
  }

  *entries(): IterableIterator<[string, BlobLocation]> {
    let last = '';
    for (const [id] of this.file.all()) {
      if (id === last) continue;
      last = id;
      for (const loc of this.#locations(id)) yield [id, loc];
    }
    for (const id of new Set(this.file.header.odd.map((r) => r[0]))) for (const loc of this.#locations(id)) yield [id, loc];
  }

  close(): void {
    this.file.close();
  }
}

/** Today's listing positions of the kept segments; undefined when one is no longer listed as it was. */
export function positionsToday(header: LookupHeader, listed: ReadonlyMap<string, ListedVersion>, versionOf: (v: ListedVersion) => string): number[] | undefined {
  const at = new Map([...listed.keys()].map((k, i) => [k, i]));
  const position: number[] = [];
  for (const s of header.segments) {
    const v = listed.get(s.key);
    if (!v || versionOf(v) !== s.version) return undefined;
    position.push(at.get(s.key)!);
  }
  return position;
}
