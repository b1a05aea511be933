import type { BlobStore } from '../storage/blob-store.js';
import { isBulkheadError } from '../util/errors.js';
import { Lanes } from '../util/lanes.js';
import { packKey, type BlobLocation, type BlobLookup, type PackInfo } from './blob-index.js';
import { footerEntries } from './footer-records.js';
import { keyKind } from './key-grammar.js';
import { listResolved } from './listing.js';

/** Stored packs no segment records whose footers one look reads at most (a flood of junk under data/ is the agent's to make). */
const FOOTERS_MOST = 100_000;

/**
 * The reader's index, and what the packs' own footers say of the stored packs no index segment
 * records. Index segments are not extended with the packs later snapshots keep using (FORMAT.md):
 * once one runs out of its lock and is deleted, its packs are still stored and locked, and still
 * describe themselves. The footers are read only when a blob is not in the index (cover), once per
 * reader: a vault whose index is whole never pays for it.
 */
export class CoveredLookup implements BlobLookup {
  readonly #extra = new Map<string, BlobLocation>();
  #packs: ReadonlyMap<string, PackInfo>;
  #covering?: Promise<void>;
  /** Stored packs no segment records whose footer could not be read, each with why. */
  readonly unreadFooters: { key: string; reason: string }[] = [];

  constructor(
    private readonly base: BlobLookup,
    private readonly store: BlobStore,
    private readonly secret: Buffer,
  ) {
    this.#packs = base.packs;
  }

  get packs(): ReadonlyMap<string, PackInfo> {
    return this.#packs;
  }

  get damagedSegments() {
    return this.base.damagedSegments;
  }

  get size(): number {
    return this.base.size + this.#extra.size;
  }

  /** Blobs found only through a pack's footer so far. */
  get fromFooters(): number {
    return this.#extra.size;
  }

  has(id: string): boolean {
    return this.base.has(id) || this.#extra.has(id);
  }

  get(id: string): BlobLocation | undefined {
    return this.base.get(id) ?? this.#extra.get(id);
  }

  others(id: string): readonly BlobLocation[] {
    return this.base.others(id);
  }

  *entries(): IterableIterator<[string, BlobLocation]> {
    yield* this.base.entries();
    yield* this.#extra.entries();
  }

  close(): void {
    this.base.close?.();
  }

  /** Reads, once, the footer of every stored pack no segment records. */
  cover(): Promise<void> {
    this.#covering ??= this.#cover();
    return this.#covering;
  }

  async #cover(): Promise<void> {
    const listed = [...(await listResolved(this.store, 'data/')).objects.values()].filter((v) => keyKind(v.key) === 'data' && !this.base.packs.has(v.key.slice(8)));
    const packs = new Map(this.base.packs);
    const lanes = new Lanes(8);
    for (const v of listed.slice(0, FOOTERS_MOST)) {
      const id = v.key.slice(8);
      await lanes.run(async () => {
        try {
          for (const [blob, type, offset, length, rawLength] of await footerEntries(this.store, v, this.secret, id)) {
            if (!this.has(blob)) this.#extra.set(blob, { pack: id, type, offset, length, rawLength, source: { key: packKey(id), vouch: 'unsigned' } });
          }
          packs.set(id, { id, size: v.size, vouched: false });
        } catch (e) {
          if (!isBulkheadError(e) || e.code === 'STORE') throw e;
          this.unreadFooters.push({ key: v.key, reason: e.message });
        }
      });
    }
    await lanes.drain();
    if (listed.length > FOOTERS_MOST) this.unreadFooters.push({ key: 'data/', reason: `${listed.length - FOOTERS_MOST} more stored packs no index segment records were not read` });
    this.#packs = packs;
  }
}
