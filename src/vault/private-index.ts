import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { open, seal } from '../crypto/aead.js';
import { wrapTo, type Unwrapper } from '../crypto/wrap.js';
import { compressBytes, decompressBytes, MAX_INDEX_SEGMENT } from './blob-codec.js';
import { blobTuples, type PackEntry } from './pack.js';

/**
 * The private part of an index segment: where the vault's small blobs live, sealed to the
 * recipients like a pack. Every writer holds the dedup secret, so every blob id in the shared
 * index is a guessing oracle for whoever steals a writer credential; for a small blob (a PIN, a
 * short .env) the guesses are few. Small blobs are therefore indexed only here, where no writer
 * can read them back (THREAT-MODEL.md, "Small secrets"; FORMAT.md, private locations).
 */
export interface PrivatePart {
  stanzas: { recipient: string; epk: string; wrapped: string }[];
  /** base64 AEAD(DEK, zstd(JSON { packs: [{ id, blobs }] })). */
  box: string;
}

export interface PrivatePack {
  id: string;
  blobs: PackEntry[];
}

const AD = 'bulkhead/v1/index-private';

export const privatePartSchema = z.object({
  stanzas: z.array(z.object({ recipient: z.string(), epk: z.string(), wrapped: z.string() })),
  box: z.string(),
});

const packsSchema = z.object({
  packs: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), blobs: blobTuples })),
});

/** A blob is small, and indexed privately, when it is no larger than the chunker's minimum. */
export const isSmallBlob = (rawLength: number, chunkerMin: number): boolean => rawLength <= chunkerMin;

export function sealPrivate(packs: readonly PrivatePack[], recipients: readonly Buffer[]): PrivatePart {
  const dek = randomBytes(32);
  const box = seal(dek, compressBytes(Buffer.from(JSON.stringify({ packs }))), AD).toString('base64');
  const stanzas = wrapTo(dek, recipients);
  dek.fill(0);
  return { stanzas, box };
}

/** Opens the part with a recipient's unwrapper (wrap.ts); throws NEEDS_IDENTITY when it is not addressed to it. */
export function openPrivate(part: PrivatePart, unwrap: Unwrapper, what: string): PrivatePack[] {
  const dek = unwrap(part.stanzas, what);
  try {
    const plain = decompressBytes(open(dek, Buffer.from(part.box, 'base64'), AD, what), MAX_INDEX_SEGMENT);
    return packsSchema.parse(JSON.parse(plain.toString('utf8'))).packs;
  } finally {
    dek.fill(0);
  }
}
