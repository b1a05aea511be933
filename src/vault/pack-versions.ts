import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { firstVersion, listResolved } from './listing.js';
import { packKey } from './blob-index.js';
import { firstVersions, listFolder } from './existing-packs.js';

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
   * For more than eight packs, a store that lists a page at a time lists `data/` for them as the
   * agent lists a folder (existing-packs.ts listFolder: a vault without junk costs one listing, as
   * before, and junk at most a page per pack not yet passed); the rest, or all on a local folder,
   * are looked up by what they are.
   */
  async #lookUp(ids: readonly string[]): Promise<Map<string, ListedVersion>> {
    const listPages = this.store.listPages?.bind(this.store);
    if (!listPages || ids.length <= ONE_BY_ONE) return firstVersions(this.store, ids);
    const found = new Map<string, ListedVersion>();
    const left = await listFolder(listPages, 'data/', [...ids], found);
    for (const [id, v] of await firstVersions(this.store, left)) found.set(id, v);
    return found;
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
