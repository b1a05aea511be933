import { createHash } from 'node:crypto';
import { encodeTree, type TreeEntry } from '../../src/vault/tree.js';

/** Blobs in memory by content id (sha256), and how often each was read: a BlobSource for counting tests. */
export class CountingBlobs {
  readonly bytes = new Map<string, Buffer>();
  readonly reads = new Map<string, number>();

  put(b: Buffer): string {
    const id = createHash('sha256').update(b).digest('hex');
    this.bytes.set(id, b);
    return id;
  }

  tree(entries: TreeEntry[] = []): string {
    return this.put(encodeTree({ entries }));
  }

  async blob(id: string): Promise<Buffer> {
    this.reads.set(id, (this.reads.get(id) ?? 0) + 1);
    const b = this.bytes.get(id);
    if (!b) throw new Error('not found');
    return b;
  }
}
