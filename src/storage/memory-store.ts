import type { BlobStore, GetOptions, ListedVersion, ObjectInfo, PutOptions, StorePosture } from './blob-store.js';
import { missingObject, refuseDelete, refuseOverwrite, refuseShorten } from './refusals.js';
import { systemClock, type Clock } from '../util/clock.js';

interface Stored {
  bytes: Buffer;
  retainUntil: Date;
  lastModified: Date;
}

/** An in-memory store that enforces create-only writes and upward-only retention, for unit tests. */
export class MemoryStore implements BlobStore {
  readonly url: string;
  readonly rangedReadsCheap = true;
  readonly #objects = new Map<string, Stored>();

  constructor(
    private readonly clock: Clock = systemClock,
    name = 'test',
  ) {
    this.url = `memory://${name}`;
  }

  async get(key: string, options: GetOptions = {}): Promise<Buffer> {
    const o = this.#objects.get(key) ?? missingObject(this.url, key);
    const { range } = options;
    return Buffer.from(range ? o.bytes.subarray(range.start, range.end) : o.bytes);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const o = this.#objects.get(key);
    return o && { key, size: o.bytes.length, retainUntil: o.retainUntil, lockMode: 'LOCAL', lastModified: o.lastModified };
  }

  async list(prefix: string): Promise<ListedVersion[]> {
    return [...this.#objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, o]) => ({ key, size: o.bytes.length, lastModified: o.lastModified, isDeleteMarker: false }));
  }

  async put(key: string, bytes: Buffer, options: PutOptions): Promise<void> {
    if (this.#objects.has(key)) refuseOverwrite(this.url, key);
    this.#objects.set(key, { bytes: Buffer.from(bytes), retainUntil: options.retainUntil, lastModified: this.clock.now() });
  }

  async extendRetention(key: string, until: Date): Promise<void> {
    const o = this.#objects.get(key) ?? missingObject(this.url, key);
    if (until < o.retainUntil) refuseShorten(this.url, key, o.retainUntil, until);
    o.retainUntil = until;
  }

  async posture(): Promise<StorePosture> {
    return { versioning: 'off', lockMode: 'LOCAL', notes: ['in-memory store, for tests'] };
  }

  async delete(key: string): Promise<never> {
    return refuseDelete(this.url, key);
  }

  /** Test hook: damage stored bytes the way a bad disk or an attacker with raw access would. */
  tamper(key: string, edit: (bytes: Buffer) => Buffer): void {
    const o = this.#objects.get(key) ?? missingObject(this.url, key);
    o.bytes = edit(Buffer.from(o.bytes));
  }
}
