import type { VaultReader } from '../../vault/reader.js';
import type { TreeEntry } from '../../vault/tree.js';
import { BulkheadError } from '../../util/errors.js';

/** The files of a repository's mirror as far as an object reader needs them: listed, and read by range. */
export interface MirrorFiles {
  /** The files (not folders) of a folder of the mirror, with their sizes; [] when it is not there. */
  list(dir: string): Promise<{ name: string; size: number }[]>;
  /** Bytes [start, end) of a file of the mirror. */
  read(path: string, start: number, end: number): Promise<Buffer>;
}

const CHUNKS_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * A git source's mirror as the snapshot stores it (a directory tree whose files are chunks in the
 * vault), read in place: a range of a pack fetches and opens only the chunks that hold it (their
 * plaintext lengths from the index; each chunk's bytes are verified by the vault reader, and a length
 * that does not match what the index claims is CORRUPT). Recently read chunks are kept (16 MiB).
 */
export class VaultMirrorFiles implements MirrorFiles {
  readonly #dirs = new Map<string, Promise<TreeEntry[]>>();
  readonly #starts = new Map<string, number[]>();
  readonly #chunks = new Map<string, Buffer>();
  #chunkBytes = 0;
  /** Distinct chunks fetched from the vault so far (what this reading cost). */
  chunksRead = 0;

  constructor(
    readonly reader: VaultReader,
    /** The source's root tree id. */
    readonly root: string,
    readonly name: string,
  ) {}

  async list(dir: string): Promise<{ name: string; size: number }[]> {
    return (await this.#entries(dir)).filter((e) => e.kind === 'file').map((e) => ({ name: e.name, size: e.size }));
  }

  async read(path: string, start: number, end: number): Promise<Buffer> {
    const slash = path.lastIndexOf('/');
    const entry = (await this.#entries(path.slice(0, Math.max(slash, 0)))).find((e) => e.name === path.slice(slash + 1) && e.kind === 'file');
    if (!entry) throw new BulkheadError('NOT_FOUND', `the mirror of ${this.name} has no file ${path}`);
    const ids = entry.blobs ?? [];
    const starts = this.#startsOf(path, entry, ids);
    if (start < 0 || end > entry.size || start > end) throw new BulkheadError('CORRUPT', `${this.name}: ${path} has ${entry.size} bytes; bytes ${start}–${end} were asked (a damaged pack index?)`);
    const parts: Buffer[] = [];
    for (let i = upperBound(starts, start) - 1; i < ids.length && starts[i]! < end; i++) {
      const chunk = await this.#chunk(ids[i]!, starts[i + 1]! - starts[i]!);
      parts.push(chunk.subarray(Math.max(start - starts[i]!, 0), Math.min(end - starts[i]!, chunk.length)));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Where each chunk of the file starts (and, last, its size), from the index's plaintext lengths. */
  #startsOf(path: string, entry: TreeEntry, ids: string[]): number[] {
    let starts = this.#starts.get(path);
    if (!starts) {
      starts = [0];
      for (const id of ids) {
        const at = this.reader.index.get(id);
        if (!at) throw new BulkheadError('NOT_FOUND', `${this.name}: a chunk of ${path} (${id.slice(0, 12)}) is not in the vault index`);
        starts.push(starts[starts.length - 1]! + at.rawLength);
      }
      if (starts[starts.length - 1] !== entry.size) throw new BulkheadError('CORRUPT', `${this.name}: the chunks of ${path} add up to ${starts[starts.length - 1]} bytes, not its ${entry.size}`);
      this.#starts.set(path, starts);
    }
    return starts;
  }

  async #chunk(id: string, length: number): Promise<Buffer> {
    let bytes = this.#chunks.get(id);
    if (bytes) this.#chunks.delete(id);
    else {
      bytes = await this.reader.blob(id);
      this.chunksRead++;
      if (bytes.length !== length) throw new BulkheadError('CORRUPT', `${this.name}: chunk ${id.slice(0, 12)} holds ${bytes.length} bytes; the index says ${length}`);
      this.#chunkBytes += bytes.length;
    }
    this.#chunks.set(id, bytes); // most recently used last
    for (const [old, b] of this.#chunks) {
      if (this.#chunkBytes <= CHUNKS_KEPT_BYTES || old === id) break;
      this.#chunks.delete(old);
      this.#chunkBytes -= b.length;
    }
    return bytes;
  }

  #entries(dir: string): Promise<TreeEntry[]> {
    let entries = this.#dirs.get(dir);
    if (!entries) {
      entries = (async () => {
        let tree = await this.reader.tree(this.root);
        for (const part of dir.split('/').filter(Boolean)) {
          const sub = tree.entries.find((e) => e.name === part && e.kind === 'dir' && e.subtree);
          if (!sub) return [];
          tree = await this.reader.tree(sub.subtree!);
        }
        return tree.entries;
      })();
      this.#dirs.set(dir, entries);
      entries.catch(() => this.#dirs.delete(dir));
    }
    return entries;
  }
}

/** The first index whose value is above x (values ascending). */
function upperBound(values: number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
