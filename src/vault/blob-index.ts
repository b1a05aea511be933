import type { BlobType } from './pack.js';
import type { IndexSegment, SegmentSource } from './index-segment.js';

export interface BlobLocation {
  pack: string;
  type: BlobType;
  offset: number;
  length: number;
  rawLength: number;
  /** The segment that claims this location, and who vouches for it. */
  source: SegmentSource;
}

export interface PackInfo {
  id: string;
  size: number;
  /** Who can read the pack (recipient fingerprints); undefined when its record predates the field. */
  recipients?: ReadonlySet<string>;
  /** Whether the record came from a segment an active writer signed. */
  vouched: boolean;
}

const NONE: readonly BlobLocation[] = [];
const vouched = (loc: BlobLocation) => loc.source.vouch === 'active';

/**
 * What a reader asks of the merged index: the whole of it in memory (BlobIndex), or a reader's
 * sealed local file searched in place (reader-index.ts), which give the same answers.
 */
export interface BlobLookup {
  readonly packs: ReadonlyMap<string, PackInfo>;
  /** Segments (or their private parts, or consolidations) that could not be read or do not hold, each with why. */
  readonly damagedSegments: readonly { key: string; reason: string }[];
  readonly size: number;
  has(id: string): boolean;
  get(id: string): BlobLocation | undefined;
  others(id: string): readonly BlobLocation[];
  entries(): IterableIterator<[string, BlobLocation]>;
  /** Lets go of what the lookup holds open (a file). */
  close?(): void;
}

/**
 * Places one more claimed location of a blob among those placed so far (`locs`, the primary
 * first), in place: the same place (pack, offset, length) is one location, vouched for once any
 * claim of it is; a new primary only when it ranks strictly higher (see BlobIndex). Claims must
 * come in the order the segments are listed, so every load places them alike.
 */
export function placeLocation(locs: BlobLocation[], loc: BlobLocation, rank: (l: BlobLocation) => number): void {
  const same = locs.find((l) => l.pack === loc.pack && l.offset === loc.offset && l.length === loc.length);
  if (same) {
    if (vouched(loc) && !vouched(same)) same.source = loc.source; // the same claim, now vouched for
    return;
  }
  if (locs.length > 0 && rank(loc) > rank(locs[0]!)) locs.unshift(loc);
  else locs.push(loc);
}

/** How worth reading first a location is: vouched, then readable by the most recipients (of its pack as known then). */
export const locationRank = (loc: BlobLocation, pack: PackInfo | undefined): number => (vouched(loc) ? 1 << 20 : 0) + (pack?.recipients?.size ?? 0);

/**
 * All index segments merged. The index is a hint, not the truth: any holder of a writer
 * credential can add records, so every location claimed for a blob is kept (a reader falls back
 * when one does not hold the blob) and each remembers the segment that claims it. Almost every
 * blob has one location, so extra ones live in a side map. Retention dates in the records are
 * claims and are not kept: lock decisions use only dates the server returned.
 */
export class BlobIndex implements BlobLookup {
  readonly #primary = new Map<string, BlobLocation>();
  readonly #extra = new Map<string, BlobLocation[]>();
  readonly packs = new Map<string, PackInfo>();
  /** The packs the store listed, with their first version (a writer's index): dedup only into these. Undefined: not checked. */
  existingPacks?: Map<string, string | undefined>;
  /**
   * A writer's index: the writer whose own records alone it dedups against. Every writer holds the
   * dedup secret and so can compute the id of content another agent will back up (a public
   * package, a common config) and sign a record placing it in some pack it does not hold; deduping
   * against it, the other agent would never store that content. Each agent dedups only against
   * itself, so a hijacked one can spoil its own backups, never another's. Undefined: not checked.
   */
  dedupWriter?: string;
  /** A writer's index read from the flat, pre-0.4 layout: the backup republishes its records (load-index.ts). */
  readFlatIndex = false;
  /** Segments (or their private parts) that could not be read, each with why. */
  readonly damagedSegments: { key: string; reason: string }[] = [];

  add(segment: IndexSegment, source: SegmentSource): void {
    const trusted = source.vouch === 'active';
    for (const p of segment.packs) {
      const known = this.packs.get(p.id);
      // A vouched record replaces an unvouched claim about the same pack, never the reverse.
      if (!known || (trusted && !known.vouched)) {
        this.packs.set(p.id, { id: p.id, size: p.size, vouched: trusted, ...(p.recipients && { recipients: new Set(p.recipients) }) });
      }
      for (const [id, type, offset, length, rawLength] of p.blobs) this.#place(id, { pack: p.id, type, offset, length, rawLength, source });
    }
  }

  /**
   * The primary location is the one most worth reading first: vouched, then readable by the most
   * recipients (a blob stored again after a recipient was added lives in a wider pack).
   */
  #place(id: string, loc: BlobLocation): void {
    const primary = this.#primary.get(id);
    if (!primary) {
      this.#primary.set(id, loc);
      return;
    }
    const locs = [primary, ...(this.#extra.get(id) ?? NONE)];
    const before = locs.length;
    placeLocation(locs, loc, (l) => locationRank(l, this.packs.get(l.pack)));
    if (locs.length === before) return;
    this.#primary.set(id, locs[0]!);
    this.#extra.set(id, locs.slice(1));
  }

  get size(): number {
    return this.#primary.size;
  }

  has(id: string): boolean {
    return this.#primary.has(id);
  }

  /** Where to read the blob first (see #place). */
  get(id: string): BlobLocation | undefined {
    return this.#primary.get(id);
  }

  /** The blob's other claimed locations, to fall back on. */
  others(id: string): readonly BlobLocation[] {
    return this.#extra.get(id) ?? NONE;
  }

  /** Every (blob, location) pair a writer signed and that is vouched for (active), extra locations included. */
  *signedBy(writerId: string): IterableIterator<[string, BlobLocation]> {
    for (const entry of this.entries()) if (entry[1].source.vouch === 'active' && entry[1].source.writer === writerId) yield entry;
  }

  /** Every (blob, location) pair, extra locations included. */
  *entries(): IterableIterator<[string, BlobLocation]> {
    for (const entry of this.#primary) yield entry;
    for (const [id, locs] of this.#extra) for (const loc of locs) yield [id, loc];
  }

  /**
   * Where a writer may count the blob as stored: a location an active writer (this one, see
   * dedupWriter) signed for, in a pack every one of these recipients can read. A forged or unsigned record never qualifies,
   * so revoking a hijacked writer makes every location it forged useless for dedup.
   */
  dedupLocation(id: string, recipients: readonly string[]): BlobLocation | undefined {
    const primary = this.#primary.get(id);
    if (!primary) return undefined;
    if (this.#dedupable(primary, recipients)) return primary;
    return this.#extra.get(id)?.find((l) => this.#dedupable(l, recipients));
  }

  /** Whether a writer may reuse this very location (see dedupLocation). */
  dedupable(loc: BlobLocation, recipients: readonly string[]): boolean {
    return this.#dedupable(loc, recipients);
  }

  #dedupable(loc: BlobLocation, recipients: readonly string[]): boolean {
    if (!vouched(loc) || (this.existingPacks && !this.existingPacks.has(loc.pack))) return false;
    if (this.dedupWriter !== undefined && loc.source.writer !== this.dedupWriter) return false;
    const readers = this.packs.get(loc.pack)?.recipients;
    return !!readers && recipients.every((r) => readers.has(r));
  }

  /** Whether a writer may dedup against this blob (see dedupLocation). */
  readableBy(id: string, recipients: readonly string[]): boolean {
    return this.dedupLocation(id, recipients) !== undefined;
  }
}

export const packKey = (id: string): string => `data/${id.slice(0, 2)}/${id}`;
