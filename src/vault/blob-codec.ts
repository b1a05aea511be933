import { Compressor, Decompressor } from 'zstd-napi';
import { BulkheadError } from '../util/errors.js';

/** First byte of every blob plaintext before encryption: how the rest is stored. */
export const enum Codec {
  None = 0,
  Zstd = 1,
}

const CODEC_BYTES = [Buffer.from([Codec.None]), Buffer.from([Codec.Zstd])] as const;

// One reusable context per thread: creating a zstd context per blob costs more than compressing
// a small file (PERFORMANCE.md). Each pack worker and the main thread get their own.
let compressor: Compressor | undefined;
let decompressor: Decompressor | undefined;

function zstdCompress(data: Uint8Array): Buffer {
  if (!compressor) {
    compressor = new Compressor();
    compressor.setParameters({ compressionLevel: 3 });
  }
  return compressor.compress(data);
}

export interface EncodedBlob {
  codec: Buffer;
  body: Buffer;
}

/** zstd level 3; a blob that does not shrink is stored as it is. */
export function encodeBlob(plain: Buffer): EncodedBlob {
  if (plain.length > 64) {
    const packed = zstdCompress(plain);
    if (packed.length < plain.length) return { codec: CODEC_BYTES[Codec.Zstd], body: packed };
  }
  return { codec: CODEC_BYTES[Codec.None], body: plain };
}

export function decodeBlob(encoded: Buffer, what: string): Buffer {
  const codec = encoded[0];
  const body = encoded.subarray(1);
  if (codec === Codec.None) return body;
  if (codec === Codec.Zstd) {
    try {
      return decompressBytes(body);
    } catch {
      throw new BulkheadError('CORRUPT', `${what} does not decompress`);
    }
  }
  throw new BulkheadError('CORRUPT', `${what} uses unknown codec ${codec}`);
}

export const compressBytes = (data: Buffer): Buffer => zstdCompress(data);

export function decompressBytes(data: Buffer): Buffer {
  decompressor ??= new Decompressor();
  return decompressor.decompress(data);
}
