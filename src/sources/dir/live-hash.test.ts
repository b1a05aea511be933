import { appendFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Chunker } from '../../chunker/fastcdc.js';
import { tempDir } from '../../../test/helpers/vault.js';
import { LiveHasher } from './live-hash.js';

const key = randomBytes(32);
const hasher = { chunker: new Chunker(randomBytes(32), { min: 64 * 1024, avg: 256 * 1024, max: 1024 * 1024 }), blobId: (b: Uint8Array) => createHmac('sha256', key).update(b).digest('hex'), excluded: () => false };

describe('reading a restored file back', () => {
  const dir = tempDir();
  const path = Buffer.from(join(dir, 'file'));
  const bytes = randomBytes(3 * 1024 * 1024 + 17);

  /** The file's blobs as a backup cuts them: ids and each one's length (what the index records). */
  function snapshotOf(): { ids: string[]; lengths: Map<string, number> } {
    writeFileSync(path, bytes);
    const ids: string[] = [];
    const lengths = new Map<string, number>();
    for (let at = 0; at < bytes.length; ) {
      const n = hasher.chunker.cut(bytes, at, bytes.length, true);
      const id = hasher.blobId(bytes.subarray(at, at + n));
      ids.push(id);
      lengths.set(id, n);
      at += n;
    }
    return { ids, lengths };
  }

  it('matches at the blob boundaries, and finds a flipped byte, a longer file and forged lengths', async () => {
    const { ids, lengths } = snapshotOf();
    expect(ids.length).toBeGreaterThan(2);
    const live = new LiveHasher(hasher);
    expect(await live.matches(path, bytes.length, ids, (id) => lengths.get(id))).toBe(true);
    // A length the index got wrong (a writer's hint): the file is cut again, and still matches.
    expect(await live.matches(path, bytes.length, ids, (id) => (id === ids[0] ? lengths.get(id)! - 1 : lengths.get(id)))).toBe(true);
    expect(await live.matches(path, bytes.length, ids, () => undefined)).toBe(true);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 5]! ^= 1;
    writeFileSync(path, flipped);
    expect(await live.matches(path, bytes.length, ids, (id) => lengths.get(id))).toBe(false);
    writeFileSync(path, bytes);
    appendFileSync(path, 'x');
    expect(await live.matches(path, bytes.length, ids, (id) => lengths.get(id))).toBe(false);
  });
});
