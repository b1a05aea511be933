import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { firstVersion, listResolved } from './listing.js';
import { packKey } from './blob-index.js';
import { firstVersions, keepFirst } from './existing-packs.js';

/** Packs looked up by a listing of their own key before the whole `data/` listing is read instead. */
export const ONE_BY_ONE = 8;

/**
 * Each pack's first version as the store lists it (a read goes to that version: what was written
 * under lock, not a later overwrite), or undefined for a pack written after the lookup. A reader
 * that needs a few packs (counting a new snapshot's tree: one or two) lists each one's own key; one
 * that needs more (a restore) lists `data/` once. Listing `data/` for one tree was ~0.15 s of an
 * operator's look on a vault of a year of hourly backups, and grows with every pack (#14).
 */
export class PackVersions {
  readonly #one = new Map<string, Promise<ListedVersion | undefined>>();
  /** Keys looked up one by one, not named ahead by prime. */
  #asked = 0;
  #all?: Promise<Map<string, ListedVersion>>;

  constructor(private readonly store: BlobStore) {}

  /**
   * The packs a restore is about to read, named ahead: their first versions are looked up by what
   * they are (existing-packs.ts firstVersions: their folders' pages, or each key), never by listing
   * all of `data/`, whose junk is a hijacked agent's to make (600,000 objects: 14 s and 500 MB for
   * every restore of more than eight packs, red teams 5 and 6).
   */
  prime(ids: readonly string[]): void {
    const wanted = ids.filter((id) => !this.#one.has(packKey(id)));
    if (this.#all || wanted.length === 0) return;
    const found = this.#lookUp(wanted);
    for (const id of wanted) {
      const one = found.then((m) => m.get(id));
      one.catch(() => undefined); // a failed lookup fails the reads that await it, not the process for one never read
      this.#one.set(packKey(id), one);
    }
  }

  /**
   * A store that lists a page at a time lists `data/`, for more than eight packs, while that costs no
   * more than a request per eight of them (a vault without junk: one listing, as before); past that
   * budget, for fewer, or on a local folder, each pack is looked up by what it is.
   */
  async #lookUp(ids: readonly string[]): Promise<Map<string, ListedVersion>> {
    const listPages = this.store.listPages?.bind(this.store);
    if (listPages && ids.length > ONE_BY_ONE) {
      const keys = new Set(ids.map(packKey));
      const first = new Map<string, ListedVersion>();
      let pages = 0;
      for await (const { versions, more } of listPages('data/')) {
        for (const v of versions) if (keys.has(v.key)) keepFirst(first, v);
        if (!more) return new Map(ids.flatMap((id) => (first.has(packKey(id)) ? [[id, first.get(packKey(id))!] as const] : [])));
        if (++pages > ids.length / 8) break;
      }
    }
    return firstVersions(this.store, ids);
  }

  get(key: string): Promise<ListedVersion | undefined> {
    let found = this.#one.get(key);
    if (found) return found;
    if (this.#all) return this.#all.then((all) => all.get(key));
    if (++this.#asked > ONE_BY_ONE) {
      this.#all = listResolved(this.store, 'data/').then((l) => l.objects);
      return this.get(key);
    }
    found = firstVersion(this.store, key);
    this.#one.set(key, found);
    return found;
  }
}
