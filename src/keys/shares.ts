import { createHash, randomBytes } from 'node:crypto';
import { combine, split } from 'shamir-secret-sharing';
import { BulkheadError } from '../util/errors.js';
import { RecoveryIdentity } from './identity.js';
import { fromWords, toWords } from './share-words.js';

const VERSION = 1;
const SHARE_BYTES = 33; // the 32-byte master seed's share plus its x coordinate
export const SHARE_PAYLOAD = 4 + 8 + 4 + SHARE_BYTES;

/** One holder's part of an M-of-N split of the master seed. */
export interface Share {
  threshold: number;
  total: number;
  index: number;
  /** The first 8 bytes of SHA-256 over the recipient public key: which identity this rebuilds. */
  identityTag: string;
  /** Random per split: shares of two different splits never combine. */
  splitId: string;
  secret: Buffer;
}

export const identityTag = (recipientPublic: Buffer): string => createHash('sha256').update(recipientPublic).digest().subarray(0, 8).toString('hex');

/** Splits the identity's master seed with an audited Shamir implementation (shamir-secret-sharing). */
export async function splitIdentity(identity: RecoveryIdentity, threshold: number, total: number): Promise<Share[]> {
  if (!Number.isInteger(threshold) || !Number.isInteger(total) || threshold < 2 || total < threshold || total > 255) {
    throw new BulkheadError('USAGE', `choose 2 ≤ threshold ≤ shares ≤ 255 (got ${threshold} of ${total})`);
  }
  // The library wants plain Uint8Arrays (not Buffers); the copies are zeroed as soon as it is done.
  const seed = new Uint8Array(identity.masterSeed);
  const parts = await split(seed, total, threshold).finally(() => seed.fill(0));
  const splitId = randomBytes(4).toString('hex');
  const tag = identityTag(identity.recipientPublic);
  return parts.map((p, i) => {
    const share = { threshold, total, index: i + 1, identityTag: tag, splitId, secret: Buffer.from(p) };
    p.fill(0);
    return share;
  });
}

export function shareToWords(s: Share): string[] {
  const payload = Buffer.concat([Buffer.from([VERSION, s.threshold, s.total, s.index]), Buffer.from(s.identityTag, 'hex'), Buffer.from(s.splitId, 'hex'), s.secret]);
  return toWords(payload);
}

export function shareFromWords(words: string[], where: string): Share {
  const p = fromWords(words, SHARE_PAYLOAD, where);
  if (p[0] !== VERSION) throw new BulkheadError('BAD_IDENTITY', `${where} is a share of a newer format (${p[0]}); upgrade Bulkhead`);
  return { threshold: p[1]!, total: p[2]!, index: p[3]!, identityTag: p.subarray(4, 12).toString('hex'), splitId: p.subarray(12, 16).toString('hex'), secret: Buffer.from(p.subarray(16)) };
}

/**
 * Rebuilds the identity from at least M shares of one split. Shares of two identities or two
 * splits, duplicates, or too few: each a specific error. The result is checked against the tag.
 */
export async function combineShares(shares: { share: Share; where: string }[]): Promise<RecoveryIdentity> {
  if (shares.length === 0) throw new BulkheadError('USAGE', 'give the share files to combine');
  const first = shares[0]!;
  for (const { share, where } of shares.slice(1)) {
    if (share.identityTag !== first.share.identityTag) throw new BulkheadError('BAD_IDENTITY', `${where} belongs to another identity than ${first.where}`);
    if (share.splitId !== first.share.splitId) throw new BulkheadError('BAD_IDENTITY', `${where} comes from another split of this identity than ${first.where}; use shares printed together`);
  }
  const seen = new Map<number, string>();
  for (const { share, where } of shares) {
    const other = seen.get(share.index);
    if (other) throw new BulkheadError('USAGE', `${where} and ${other} are the same share (${share.index} of ${share.total}); each holder's share counts once`);
    seen.set(share.index, where);
  }
  const need = first.share.threshold;
  if (shares.length < need) {
    throw new BulkheadError('USAGE', `${shares.length} of ${need} shares given; this identity needs any ${need} of its ${first.share.total} shares`);
  }
  const parts = shares.slice(0, need).map((s) => new Uint8Array(s.share.secret));
  const combined = await combine(parts).finally(() => parts.forEach((p) => p.fill(0)));
  const seed = Buffer.from(combined);
  combined.fill(0);
  const identity = RecoveryIdentity.fromSeed(seed);
  if (identityTag(identity.recipientPublic) !== first.share.identityTag) {
    identity.wipe();
    throw new BulkheadError('BAD_IDENTITY', 'the shares do not rebuild the identity they name; one of them is damaged');
  }
  return identity;
}
