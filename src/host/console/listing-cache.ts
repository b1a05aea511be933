/**
 * The folders a console session listed last, least recently used out first, bounded both in number
 * and in entries held: paging, filtering and reopening a 100,000-entry folder finds it here, and a
 * session that opens folder after folder of that size does not keep them all.
 */
export class ListingCache<T extends { readonly size: number }> {
  readonly #kept = new Map<string, T>();
  /** Listings being made: a double click asks for a folder twice at once, and each would decode it. */
  readonly #making = new Map<string, Promise<T>>();
  #entries = 0;
  /** Bumped by clear: a listing that finishes after a lock is handed out, not kept. */
  #generation = 0;

  constructor(
    readonly folders = 8,
    readonly entries = 300_000,
  ) {}

  /** Entries of the folders held now. */
  get entriesHeld(): number {
    return this.#entries;
  }

  /** The listing under `key`: kept, being made, or made now by `make` (once however many ask). */
  list(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.get(key);
    if (kept) return Promise.resolve(kept);
    let making = this.#making.get(key);
    if (!making) {
      const generation = this.#generation;
      const mine = make().then((made) => {
        if (generation === this.#generation) this.set(key, made);
        return made;
      });
      const done = () => void (this.#making.get(key) === mine && this.#making.delete(key));
      mine.then(done, done);
      this.#making.set(key, (making = mine));
    }
    return making;
  }

  get(key: string): T | undefined {
    const listing = this.#kept.get(key);
    if (listing) {
      this.#kept.delete(key); // most recently used last
      this.#kept.set(key, listing);
    }
    return listing;
  }

  /** Keeps `listing` (the newest is kept even when it alone passes the bound). */
  set(key: string, listing: T): void {
    const had = this.#kept.get(key);
    if (had) {
      this.#kept.delete(key);
      this.#entries -= had.size;
    }
    this.#kept.set(key, listing);
    this.#entries += listing.size;
    for (const [oldest, l] of this.#kept) {
      if (oldest === key || (this.#kept.size <= this.folders && this.#entries <= this.entries)) break;
      this.#kept.delete(oldest);
      this.#entries -= l.size;
    }
  }

  clear(): void {
    this.#generation++;
    this.#making.clear();
    this.#kept.clear();
    this.#entries = 0;
  }
}
