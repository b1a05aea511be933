import { z } from 'zod';
import { compressBytes, decompressBytes, MAX_INDEX_SEGMENT } from './blob-codec.js';
import { open, seal } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/blob-id.js';
import type { PackEntry } from './pack.js';

/**
 * An index segment: which blobs each new pack holds, and retention extensions of older packs.
 * Sealed under the index key (writers can read it to dedup), zstd-compressed inside.
 * Untrusted by the reader for content: a blob's AEAD and keyed id prove what it is.
 */
/** Blob tuples are checked by hand: zod over tens of thousands of tuples dominated a single-file restore. */
const blobTuples = z.custom<PackEntry[]>(
  (v) =>
    Array.isArray(v) &&
    v.every(
      (t) =>
        Array.isArray(t) &&
        t.length === 5 &&
        typeof t[0] === 'string' &&
        (t[1] === 'data' || t[1] === 'tree') &&
        Number.isSafeInteger(t[2]) &&
        Number.isSafeInteger(t[3]) &&
        Number.isSafeInteger(t[4]),
    ),
  'blob tuples',
);
const packRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int(),
  retainUntil: z.string(),
  blobs: blobTuples,
  /** Fingerprints of the recipients the pack's key is wrapped to; absent in packs written before 0.2. */
  recipients: z.array(z.string()).optional(),
});
const segmentSchema = z.object({
  packs: z.array(packRecordSchema),
  extended: z.array(z.object({ id: z.string(), retainUntil: z.string() })),
});
export type PackRecord = z.infer<typeof packRecordSchema>;
export type IndexSegment = z.infer<typeof segmentSchema>;

const AD = 'bulkhead/v1/index';

export async function sealSegment(segment: IndexSegment, indexKey: Buffer): Promise<{ key: string; bytes: Buffer }> {
  const bytes = seal(indexKey, compressBytes(Buffer.from(JSON.stringify(segment))), AD);
  return { key: `index/${sha256Hex(bytes)}`, bytes };
}

export async function openSegment(bytes: Buffer, indexKey: Buffer, key: string): Promise<IndexSegment> {
  const plain = decompressBytes(open(indexKey, bytes, AD, key), MAX_INDEX_SEGMENT);
  return segmentSchema.parse(JSON.parse(plain.toString('utf8')));
}
