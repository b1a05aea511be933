import { openInto } from '../crypto/aead.js';
import { blobAd } from './pack.js';
import { decodeBlob } from './blob-codec.js';
import type { BufferPool } from './buffer-pool.js';

/**
 * Opens and decodes a data blob's box (AEAD under its pack's DEK, its id as associated data; then
 * the codec, never past `ceiling`) into buffers from `pool`. The caller checks the id and hands the
 * result back to the pool once written; the opened box's buffer goes back here when the plaintext
 * lies elsewhere (a zstd blob), so no buffer is handed back twice.
 */
export function openDataBlob(dek: Buffer, box: Buffer, id: string, what: string, ceiling: number, pool: BufferPool): Buffer {
  const take = (n: number) => pool.take(n);
  const opened = openInto(dek, box, blobAd(id), what, take);
  let plain: Buffer;
  try {
    plain = decodeBlob(opened, what, ceiling, take);
  } catch (e) {
    pool.release(opened);
    throw e;
  }
  if (plain.buffer !== opened.buffer) pool.release(opened);
  return plain;
}
