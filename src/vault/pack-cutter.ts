import { createHash, randomBytes } from 'node:crypto';
import { encodeBlob } from './blob-codec.js';
import { PackBuilder, type BlobType, type PackBody, type PackBuffers, type PackEntry } from './pack.js';

export interface CutPack {
  id: string;
  /** For the S3 put's Content-MD5, computed where the pack was built (only for stores that want it). */
  md5?: string;
  /**
   * A view of a pack buffer (give its ArrayBuffer back, PackCutter.giveBack, once the pack is
   * stored), or the staged file the store takes it from.
   */
  body: PackBody;
  entries: PackEntry[];
}

/** Free pack buffers a thread keeps: with the open pack's, two in all, one being filled while the other uploads. */
const KEPT = 1;
/** A tree pack starts this small (a backup's trees usually fill a fraction of one pack) and grows. */
const TREE_START = 256 * 1024;

/**
 * The pack buffers of one thread, reused: a fresh 16 MiB buffer per pack, freed once uploaded,
 * left each worker's malloc arena holding ~100 MB of freed packs (#14, bench README).
 */
class BufferPool implements PackBuffers {
  readonly #free: Buffer[] = [];

  constructor(private readonly large: number) {}

  /** A kept buffer when the request is pack-sized (a small tree pack's start never takes one). */
  take(bytes: number): Buffer {
    if (bytes > this.large / 2) {
      const i = this.#free.findIndex((b) => b.length >= bytes);
      if (i >= 0) return this.#free.splice(i, 1)[0]!;
    }
    return Buffer.allocUnsafeSlow(Math.max(bytes, bytes > this.large / 2 ? this.large : 0));
  }

  /**
   * Makes the next pack-sized buffer now and touches its first `bytes` (a fresh page costs a fault
   * on first write, ~20 µs each on this VM: ~50 ms for 9 MB), for a caller with time to spare.
   */
  warm(bytes: number): void {
    if (this.#free.length >= KEPT || bytes <= 0) return;
    const buffer = Buffer.allocUnsafeSlow(this.large);
    buffer.fill(0, 0, Math.min(bytes, this.large));
    this.#free.push(buffer);
  }

  give(buffer: Buffer): void {
    if (buffer.length >= this.large && this.#free.length < KEPT) this.#free.push(buffer);
  }
}

/**
 * Compresses and seals blobs into packs of about packSize, one open pack per blob type (trees and
 * data apart). A pack worker runs one; the writer runs one itself for a backup's first small
 * amount of new data, where starting a worker would cost more than the work.
 */
export class PackCutter {
  readonly #buffers: BufferPool;
  readonly #building: Partial<Record<BlobType, PackBuilder>> = {};

  /** `staging`: packs are built as files named this prefix and a random suffix (PackLanes), not in buffers. */
  constructor(
    private readonly recipients: readonly Buffer[],
    private readonly packSize: number,
    private readonly md5 = false,
    private readonly staging?: string,
  ) {
    // Room for a full pack plus one more blob of the default chunker's largest and a footer; a pack
    // that needs more grows its buffer (PackBuilder), and the larger buffer is kept instead.
    this.#buffers = new BufferPool(packSize + Math.max(packSize / 4, 5 * 1024 * 1024));
  }

  /** Adds one blob; returns the pack it completed, if any. */
  add(type: BlobType, id: string, plain: Buffer): CutPack | undefined {
    const { codec, body } = encodeBlob(plain);
    const pack = (this.#building[type] ??= new PackBuilder(type, this.#buffers, type === 'tree' ? TREE_START : this.packSize, this.#stagedPath()));
    pack.add(id, codec, body, plain.length);
    return pack.size >= this.packSize ? this.#finish(type) : undefined;
  }

  /** About `bytes` of new data are coming: the first data pack's buffer is made and touched now. */
  warm(bytes: number): void {
    if (!this.#building.data && !this.staging) this.#buffers.warm(bytes);
  }

  /** Open packs that will not be finished (the backup failed): their staged files go. */
  discard(): void {
    for (const type of ['data', 'tree'] as const) this.#building[type]?.discard();
  }

  /** A new staged file's path. */
  #stagedPath(): string | undefined {
    return this.staging && this.staging + randomBytes(8).toString('hex');
  }

  /** Finishes the open packs. */
  flush(): CutPack[] {
    return [this.#finish('data'), this.#finish('tree')].filter((p): p is CutPack => p !== undefined);
  }

  /** A stored pack's buffer, for the next pack. */
  giveBack(buffer: ArrayBuffer): void {
    this.#buffers.give(Buffer.from(buffer));
  }

  #finish(type: BlobType): CutPack | undefined {
    const pack = this.#building[type];
    if (!pack || pack.count === 0) return undefined;
    delete this.#building[type];
    const { id, body, entries } = pack.finish(this.recipients);
    return { id, ...(this.md5 && 'bytes' in body && { md5: createHash('md5').update(body.bytes).digest('base64') }), body, entries };
  }
}
