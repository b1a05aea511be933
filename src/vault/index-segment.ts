import { z } from 'zod';
import { compressBytes, decompressBytes, MAX_INDEX_SEGMENT } from './blob-codec.js';
import { open, seal } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { signMessage, verifyMessage } from '../crypto/ed25519-native.js';
import type { WriterEntry } from './config.js';
import { blobTuples } from './pack.js';
import { privatePartSchema } from './private-index.js';
import { indexKeyWriter, writerIndexPrefix } from './key-grammar.js';

/**
 * An index segment: which blobs each new pack holds, and retention extensions of older packs.
 * Sealed under the index key (writers can read it to dedup), zstd-compressed inside.
 * Untrusted by the reader for content: a blob's AEAD and keyed id prove what it is. Format 2 is
 * signed by the writer that wrote it, so a writer dedups only against what an enrolled, not
 * revoked writer vouches for (FORMAT.md, index segments).
 */
const packRecordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int(),
  /** What the writer asked for; a claim, never used for a lock decision. */
  retainUntil: z.string(),
  blobs: blobTuples,
  /** Fingerprints of the recipients the pack's key is wrapped to; absent in packs written before 0.2. */
  recipients: z.array(z.string()).optional(),
});
const sha = z.string().regex(/^[0-9a-f]{64}$/);
const segmentSchema = z.object({
  packs: z.array(packRecordSchema),
  extended: z.array(z.object({ id: z.string(), retainUntil: z.string() })),
  /** Where the small blobs of these packs live, sealed to the recipients (private-index.ts). */
  sealed: privatePartSchema.optional(),
  /**
   * A consolidation (format 2 only): the segments under the same prefix (by the hex of their key)
   * whose signer's records this one repeats. Its own writer then need not open them; readers open
   * them all and check the claim (consolidation.ts).
   */
  covers: z.array(sha).optional(),
  /** A consolidation's hint: the other consolidations it left as they were (open them first). */
  alongside: z.array(sha).optional(),
});
export const INDEX_FORMAT = 'bulkhead-index/2';
const signedBodySchema = segmentSchema.extend({ format: z.literal(INDEX_FORMAT), writer: z.string() });
const signatureSchema = z.object({ signature: z.string() });
export type PackRecord = z.infer<typeof packRecordSchema>;
export type IndexSegment = z.infer<typeof segmentSchema>;

/**
 * Who vouches for a segment's records: `active` = signed by an enrolled, not revoked writer (the
 * only kind a writer dedups against); `unsigned` = format 1; `unknown-writer` / `bad-signature` =
 * forged by someone holding the index key; `misplaced` = under another writer's prefix (index/<id>/),
 * where no writer puts its segments.
 */
export type Vouch = 'active' | 'revoked' | 'unsigned' | 'unknown-writer' | 'bad-signature' | 'misplaced';
export interface SegmentSource {
  key: string;
  vouch: Vouch;
  /** The writer id the segment claims (format 2). */
  writer?: string;
}

const AD = 'bulkhead/v1/index';
const SIGNED = Buffer.from('bulkhead/v1/index\n');

/**
 * Format 2 plaintext is two JSON lines: the body `{ format, writer, packs, extended }`, then
 * `{ signature }` = Ed25519 over "bulkhead/v1/index\n" ‖ the body line's exact bytes. Signing the
 * stored bytes instead of re-canonicalized JSON keeps verification at ~2 ms per 1.5 MB segment.
 */
export async function sealSegment(segment: IndexSegment, indexKey: Buffer, signer?: { writerId: string; seed: Buffer }): Promise<{ key: string; bytes: Buffer }> {
  if (!signer) return sealPlain(Buffer.from(JSON.stringify(segment)), indexKey); // format 1: only tests forge these now
  const { packs, extended, sealed, covers, alongside } = segment;
  const body = Buffer.from(JSON.stringify({ format: INDEX_FORMAT, writer: signer.writerId, packs, extended, ...(sealed && { sealed }), ...(covers && { covers }), ...(alongside && { alongside }) }));
  const signature = signMessage(signer.seed, Buffer.concat([SIGNED, body])).toString('base64');
  return sealPlain(Buffer.concat([body, Buffer.from(`\n${JSON.stringify({ signature })}`)]), indexKey, writerIndexPrefix(signer.writerId));
}

function sealPlain(plain: Buffer, indexKey: Buffer, prefix = 'index/'): { key: string; bytes: Buffer } {
  const bytes = seal(indexKey, compressBytes(plain), AD);
  return { key: `${prefix}${sha256Hex(bytes)}`, bytes };
}

/** Opens a segment of either format and says who vouches for it, against the config's writers. */
export async function openSegment(
  bytes: Buffer,
  indexKey: Buffer,
  key: string,
  writers: ReadonlyMap<string, WriterEntry>,
): Promise<{ segment: IndexSegment; source: SegmentSource }> {
  const plain = decompressBytes(open(indexKey, bytes, AD, key), MAX_INDEX_SEGMENT);
  const split = plain.lastIndexOf(0x0a); // format 1 is one JSON object, which never holds a raw newline
  if (split < 0) {
    const { packs, extended, sealed } = segmentSchema.parse(JSON.parse(plain.toString('utf8'))); // covers only counts signed
    return { segment: { packs, extended, ...(sealed && { sealed }) }, source: { key, vouch: 'unsigned' } };
  }
  const body = plain.subarray(0, split);
  const { writer, packs, extended, sealed, covers, alongside } = signedBodySchema.parse(JSON.parse(body.toString('utf8')));
  const { signature } = signatureSchema.parse(JSON.parse(plain.subarray(split + 1).toString('utf8')));
  const entry = writers.get(writer);
  let vouch: Vouch = 'unknown-writer';
  const placed = indexKeyWriter(key);
  // Under another writer's prefix: no writer puts it there, whoever signed it (a forgery to look at).
  if (placed !== undefined && placed !== writer) vouch = 'misplaced';
  else if (entry) {
    const ok = verifyMessage(Buffer.from(entry.publicKey, 'base64'), Buffer.concat([SIGNED, body]), Buffer.from(signature, 'base64'));
    vouch = !ok ? 'bad-signature' : entry.revoked ? 'revoked' : 'active';
  }
  return { segment: { packs, extended, ...(sealed && { sealed }), ...(covers && { covers }), ...(alongside && { alongside }) }, source: { key, vouch, writer } };
}
