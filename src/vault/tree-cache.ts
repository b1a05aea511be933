import type { ReadTree } from './tree.js';

/**
 * Decoded trees kept for reuse, least recently used out first, bounded by their entries in all:
 * a console session browses snapshot after snapshot, and a cache that kept every tree it ever
 * decoded grew with the session. 250,000 entries (~60 MB of objects) hold every tree of a large
 * restore, so its read-back still finds them.
 */
export class TreeCache {
  readonly #trees = new Map<string, ReadTree>();
  #entries = 0;

  constructor(public entriesKept = 250_000) {}

  /** Entries of the trees held now. */
  get entriesHeld(): number {
    return this.#entries;
  }

  get(id: string): ReadTree | undefined {
    const tree = this.#trees.get(id);
    if (tree) {
      this.#trees.delete(id); // most recently used last
      this.#trees.set(id, tree);
    }
    return tree;
  }

  /**
   * Takes in another cache's trees, its least recently used first (so its order holds): a re-read
   * of the same vault keeps what the last read decoded, since a tree id names one content for good.
   */
  adopt(other: TreeCache): void {
    for (const [id, tree] of other.#trees) this.set(id, tree);
  }

  set(id: string, tree: ReadTree): void {
    if (this.#trees.has(id)) return;
    this.#trees.set(id, tree);
    this.#entries += size(tree);
    for (const [oldest, t] of this.#trees) {
      if (this.#entries <= this.entriesKept || oldest === id) break;
      this.#trees.delete(oldest);
      this.#entries -= size(t);
    }
  }
}

const size = (t: ReadTree): number => t.entries.length + t.refused.length + 1;
