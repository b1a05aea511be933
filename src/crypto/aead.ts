import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BulkheadError } from '../util/errors.js';

/** AES-256-GCM. A box is nonce(12) ‖ ciphertext ‖ tag(16); the associated data names what it is. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const BOX_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export function seal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array | string): Buffer {
  return Buffer.concat(sealParts(key, [plaintext], ad));
}

/**
 * The same box as seal() over the concatenation of parts, returned as pieces so that a pack can
 * gather them without copying each blob twice.
 */
export function sealParts(key: Uint8Array, parts: readonly Uint8Array[], ad: Uint8Array | string): Buffer[] {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(typeof ad === 'string' ? Buffer.from(ad) : ad);
  const out = [nonce];
  for (const p of parts) out.push(cipher.update(p));
  out.push(cipher.final(), cipher.getAuthTag());
  return out;
}

// Random nonces drawn from a pooled buffer: one CSPRNG call per 341 nonces instead of one each.
const POOL = 4092;
let pool = Buffer.alloc(0);
let poolPos = POOL;
function nextNonce(): Buffer {
  if (poolPos + NONCE_BYTES > pool.length) {
    pool = randomBytes(POOL);
    poolPos = 0;
  }
  const nonce = pool.subarray(poolPos, poolPos + NONCE_BYTES);
  poolPos += NONCE_BYTES;
  return nonce;
}

/**
 * Ciphertext from this size on (glibc's mmap threshold) is opened in pieces into a buffer the caller
 * reuses (openInto): 150–200 KB boxes opened ~1.6× faster per CPU second that way, 60 KB ones alike.
 */
const PIECEWISE_FROM = 128 * 1024;
const PIECE = 64 * 1024;

/**
 * open() into a buffer from `take` (a pool the caller hands back to): a large box is decrypted in
 * 64 KiB pieces, each copied into it. decipher.update() allocates its output, and a fresh
 * multi-MiB output is a new mapping whose pages fault on first touch: one update over a 4 MiB box
 * ran at ~400 MB per CPU second here, pieces into a reused buffer at ~1,400 (test/bench/README.md;
 * docs/PERFORMANCE.md has GCM on 64 KiB slices at twice the speed of one 1 MiB call).
 */
export function openInto(key: Uint8Array, box: Uint8Array, ad: Uint8Array | string, what: string, take: (n: number) => Buffer): Buffer {
  const bodyLength = box.length - BOX_OVERHEAD;
  if (bodyLength < PIECEWISE_FROM) return open(key, box, ad, what);
  const b = Buffer.from(box.buffer, box.byteOffset, box.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(0, NONCE_BYTES));
  decipher.setAAD(typeof ad === 'string' ? Buffer.from(ad) : ad);
  decipher.setAuthTag(b.subarray(b.length - TAG_BYTES));
  const out = take(bodyLength);
  try {
    for (let at = 0; at < bodyLength; at += PIECE) {
      decipher.update(b.subarray(NONCE_BYTES + at, NONCE_BYTES + Math.min(bodyLength, at + PIECE))).copy(out, at);
    }
    decipher.final(); // GCM: nothing more, and it checks the tag
    return out;
  } catch {
    throw new BulkheadError('CORRUPT', `${what} failed authentication (damaged or forged)`);
  }
}

/** Opens a box or throws CORRUPT: a wrong key, a flipped bit and a wrong purpose all look the same. */
export function open(key: Uint8Array, box: Uint8Array, ad: Uint8Array | string, what: string): Buffer {
  if (box.length < BOX_OVERHEAD) {
    throw new BulkheadError('CORRUPT', `${what} is truncated (${box.length} bytes)`);
  }
  const b = Buffer.from(box.buffer, box.byteOffset, box.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(0, NONCE_BYTES));
  decipher.setAAD(typeof ad === 'string' ? Buffer.from(ad) : ad);
  decipher.setAuthTag(b.subarray(b.length - TAG_BYTES));
  try {
    const body = decipher.update(b.subarray(NONCE_BYTES, b.length - TAG_BYTES));
    const rest = decipher.final(); // GCM: empty, and it checks the tag
    // No concat when rest is empty: copying a multi-MiB plaintext again costs a fresh mapping.
    return rest.length === 0 ? body : Buffer.concat([body, rest]);
  } catch {
    throw new BulkheadError('CORRUPT', `${what} failed authentication (damaged or forged)`);
  }
}
