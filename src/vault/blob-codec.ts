import { compress, decompress } from '@mongodb-js/zstd';
import { BulkheadError } from '../util/errors.js';

/** First byte of every blob plaintext before encryption: how the rest is stored. */
export const enum Codec {
  None = 0,
  Zstd = 1,
}

const ZSTD_LEVEL = 3;
const SAMPLE = 64 * 1024;

/**
 * zstd runs on libuv's thread pool, so several blobs compress in parallel while the main thread
 * chunks and encrypts. Data that does not shrink is stored as it is: a sample decides for big blobs.
 */
export async function encodeBlob(plain: Buffer): Promise<Buffer> {
  if (plain.length >= 4 * SAMPLE) {
    const sample = await compress(plain.subarray(0, SAMPLE), 1);
    if (sample.length > SAMPLE * 0.95) return withCodec(Codec.None, plain);
  }
  if (plain.length > 64) {
    const packed = await compress(plain, ZSTD_LEVEL);
    if (packed.length < plain.length) return withCodec(Codec.Zstd, packed);
  }
  return withCodec(Codec.None, plain);
}

export async function decodeBlob(encoded: Buffer, what: string): Promise<Buffer> {
  const codec = encoded[0];
  const body = encoded.subarray(1);
  if (codec === Codec.None) return body;
  if (codec === Codec.Zstd) return decompress(body);
  throw new BulkheadError('CORRUPT', `${what} uses unknown codec ${codec}`);
}

function withCodec(codec: Codec, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = codec;
  body.copy(out, 1);
  return out;
}
