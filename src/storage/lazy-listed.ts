import { lstatSync, type Stats } from 'node:fs';
import type { ListedVersion } from './blob-store.js';

/**
 * A listed local object whose size and time are stat'ed when first asked: posture on a local vault
 * needs only which objects exist (their locks are their retention files'), and a year of hourly
 * backups is ~25,000 objects, a stat each (#14). Objects are written once and never changed by
 * Bulkhead, so a stat taken later says what one taken during the listing would have. A class, not
 * an object literal with getters: 25,000 of those were slower to make than the stats they saved.
 */
export class LazyListed implements ListedVersion {
  readonly isDeleteMarker = false;
  #stat?: Stats;

  constructor(
    /** The store's folder, with a trailing separator. */
    private readonly root: string,
    readonly key: string,
  ) {}

  get size(): number {
    return this.#stats().size;
  }

  get lastModified(): Date {
    return this.#stats().mtime;
  }

  #stats(): Stats {
    return (this.#stat ??= lstatSync(this.root + this.key));
  }
}
