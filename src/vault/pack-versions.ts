import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { firstVersion, listResolved } from './listing.js';

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
  #all?: Promise<Map<string, ListedVersion>>;

  constructor(private readonly store: BlobStore) {}

  get(key: string): Promise<ListedVersion | undefined> {
    if (this.#all) return this.#all.then((all) => all.get(key));
    let found = this.#one.get(key);
    if (found) return found;
    if (this.#one.size >= ONE_BY_ONE) {
      this.#all = listResolved(this.store, 'data/').then((l) => l.objects);
      return this.get(key);
    }
    found = firstVersion(this.store, key);
    this.#one.set(key, found);
    return found;
  }
}
