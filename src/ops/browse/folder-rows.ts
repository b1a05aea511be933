import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { TreeEntry } from '../../vault/tree.js';

/** One row of the console's browser; `path` is what browsing, preview and restore take back. */
export interface BrowseRow {
  name: string;
  path: string;
  kind: 'source' | 'dir' | 'file' | 'symlink' | 'refs' | 'ref' | 'pipelines' | 'pipeline' | 'files';
  size: number | null;
  mtime: string | null;
  detail: string | null;
  restorable: boolean;
  hasChildren: boolean;
}

/** An entry's modification time; none for 0, which a forge's documents carry (they have no file time). */
const iso = (µs: number) => (µs === 0 ? null : new Date(Math.floor(µs / 1000)).toISOString());

/** A tree entry as a row of the browser, at `path`. */
export function treeRow(e: TreeEntry, path: string): BrowseRow {
  return {
    name: e.name,
    path,
    kind: e.kind,
    size: e.kind === 'file' ? e.size : null,
    mtime: iso(e.mtime),
    detail: e.target ?? null,
    restorable: true,
    hasChildren: e.kind === 'dir',
  };
}

/**
 * One folder's rows, made only for the page asked for: a page of a 100,000-entry folder builds its
 * 500 rows, not 100,000 (which, with their garbage, cost more than the tree's decoding). A tree's
 * folder keeps the decoded entries it was given (the reader's cached tree), nothing more.
 */
export class FolderRows {
  /** The last filter's matches (positions): the UI pages through one filter at a time. */
  #filtered: { needle: string; at: number[] } | undefined;

  private constructor(
    readonly snap: SnapshotInfo,
    /** Entries in the folder, unfiltered. */
    readonly size: number,
    private readonly nameAt: (i: number) => string,
    private readonly rowAt: (i: number) => BrowseRow,
  ) {}

  /** Rows made already (sources, a git source's sections, a commit's folder). */
  static of(snap: SnapshotInfo, rows: readonly BrowseRow[]): FolderRows {
    return new FolderRows(snap, rows.length, (i) => rows[i]!.name, (i) => rows[i]!);
  }

  /** A tree's entries, in the tree's order; `dir` is the folder's browse path. */
  static ofTree(snap: SnapshotInfo, entries: readonly TreeEntry[], dir: string): FolderRows {
    const prefix = dir ? `${dir}/` : '';
    return new FolderRows(snap, entries.length, (i) => entries[i]!.name, (i) => treeRow(entries[i]!, prefix + entries[i]!.name));
  }

  /** Rows offset..offset+limit of those whose name holds `filter` (case-insensitive; '' for all), and how many there are. */
  page(offset: number, limit: number, filter: string): { total: number; rows: BrowseRow[] } {
    const at = this.#matching(filter.toLowerCase());
    const total = at ? at.length : this.size;
    const rows: BrowseRow[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) rows.push(this.rowAt(at ? at[k]! : k));
    return { total, rows };
  }

  /** Every row (a small folder; tests). */
  all(): BrowseRow[] {
    return this.page(0, this.size, '').rows;
  }

  #matching(needle: string): number[] | undefined {
    if (!needle) return undefined;
    if (this.#filtered?.needle === needle) return this.#filtered.at;
    const at: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.nameAt(i).toLowerCase().includes(needle)) at.push(i);
    this.#filtered = { needle, at };
    return at;
  }
}
