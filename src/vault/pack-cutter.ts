import { createHash } from 'node:crypto';
import { encodeBlob } from './blob-codec.js';
import { PackBuilder, type BlobType, type PackEntry } from './pack.js';

export interface CutPack {
  id: string;
  /** For the S3 put's Content-MD5, computed where the pack was built (only for stores that want it). */
  md5?: string;
  bytes: Buffer;
  entries: PackEntry[];
}

/**
 * Compresses and seals blobs into packs of about packSize, one open pack per blob type (trees and
 * data apart). A pack worker runs one; the writer runs one itself for a backup's first small
 * amount of new data, where starting a worker would cost more than the work.
 */
export class PackCutter {
  #building: Record<BlobType, PackBuilder> = { data: new PackBuilder('data'), tree: new PackBuilder('tree') };

  constructor(
    private readonly recipients: readonly Buffer[],
    private readonly packSize: number,
    private readonly md5 = false,
  ) {}

  /** Adds one blob; returns the pack it completed, if any. */
  add(type: BlobType, id: string, plain: Buffer): CutPack | undefined {
    const { codec, body } = encodeBlob(plain);
    this.#building[type].add(id, codec, body, plain.length);
    return this.#building[type].size >= this.packSize ? this.#finish(type) : undefined;
  }

  /** Finishes the open packs. */
  flush(): CutPack[] {
    return [this.#finish('data'), this.#finish('tree')].filter((p): p is CutPack => p !== undefined);
  }

  #finish(type: BlobType): CutPack | undefined {
    const pack = this.#building[type];
    if (pack.count === 0) return undefined;
    this.#building[type] = new PackBuilder(type);
    const { id, bytes, entries } = pack.finish(this.recipients);
    return { id, ...(this.md5 && { md5: createHash('md5').update(bytes).digest('base64') }), bytes, entries };
  }
}
