import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Conditional requests: each GET's ETag and the response it came with, kept in the agent's cache
 * folder (never in the vault), so an unchanged resource is answered 304 (which GitHub does not count
 * against the rate limit) and its previous body is reused.
 */
export interface Cached {
  etag: string;
  data: unknown;
  link?: string;
}

export class EtagCache {
  private used = new Map<string, Cached>();
  private constructor(private readonly path: string, private readonly entries: Map<string, Cached>) {}

  static async load(path: string): Promise<EtagCache> {
    try {
      return new EtagCache(path, new Map(Object.entries(JSON.parse(await fsp.readFile(path, 'utf8')) as Record<string, Cached>)));
    } catch {
      return new EtagCache(path, new Map());
    }
  }

  get(url: string): Cached | undefined {
    return this.entries.get(url);
  }

  set(url: string, entry: Cached): void {
    this.used.set(url, entry);
    this.entries.set(url, entry);
  }

  /** Marks an entry as still current (answered 304). */
  keep(url: string): void {
    const e = this.entries.get(url);
    if (e) this.used.set(url, e);
  }

  /** Saves only what this run used: resources that are gone do not pile up. */
  async save(): Promise<void> {
    await fsp.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(Object.fromEntries(this.used)), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
  }
}
