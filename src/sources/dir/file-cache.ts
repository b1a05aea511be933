import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

/** What a file looked like when it was last read, and the blobs it was cut into. */
export interface CachedFile {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  blobs: string[];
}

/**
 * The agent-side cache that makes a day-2 backup cost a walk, not a re-read: a file whose size,
 * mtime, ctime and inode are unchanged reuses its blobs. Losing it costs time, never data.
 */
export class FileCache {
  readonly #previous: Map<string, CachedFile>;
  readonly #next = new Map<string, CachedFile>();

  private constructor(
    private readonly path: string | undefined,
    previous: Map<string, CachedFile>,
  ) {
    this.#previous = previous;
  }

  static async load(path: string | undefined): Promise<FileCache> {
    if (!path) return new FileCache(undefined, new Map());
    try {
      const entries = JSON.parse(await fsp.readFile(path, 'utf8')) as [string, CachedFile][];
      return new FileCache(path, new Map(entries));
    } catch {
      return new FileCache(path, new Map());
    }
  }

  has(relPath: string): boolean {
    return this.#previous.has(relPath);
  }

  lookup(relPath: string, now: Omit<CachedFile, 'blobs'>): string[] | undefined {
    const c = this.#previous.get(relPath);
    if (!c || c.size !== now.size || c.mtimeNs !== now.mtimeNs || c.ctimeNs !== now.ctimeNs || c.ino !== now.ino) return undefined;
    return c.blobs;
  }

  record(relPath: string, entry: CachedFile): void {
    this.#next.set(relPath, entry);
  }

  /** Written only after the snapshot is committed, so it never names blobs that were not stored. */
  async save(): Promise<void> {
    if (!this.path) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify([...this.#next]), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
  }
}
