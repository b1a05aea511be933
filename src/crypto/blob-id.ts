import { createHash, createHmac } from 'node:crypto';

/** A blob's id: HMAC-SHA256(dedup secret, plaintext), hex. Keyed, so ids do not fingerprint content. */
export function blobId(dedupKey: Uint8Array, plaintext: Uint8Array): string {
  return createHmac('sha256', dedupKey).update(plaintext).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
