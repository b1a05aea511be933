import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';

/**
 * X25519 through OpenSSL: every pack, snapshot and index segment a reader opens starts with one
 * key agreement, ~0.05 ms here where @noble/curves takes ~1 ms (thousands of index segments made
 * that seconds). Plain RFC 7748 X25519, interchangeable with the noble implementation. Private
 * keys are imported per call or per batch (x25519Agreement), never cached beyond it, so a locked
 * identity leaves no key object behind.
 */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function privateKey(secret: Uint8Array): KeyObject {
  const der = Buffer.concat([PKCS8_PREFIX, secret]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

export function x25519PublicOf(secret: Uint8Array): Buffer {
  const spki = createPublicKey(privateKey(secret)).export({ format: 'der', type: 'spki' });
  return spki.subarray(SPKI_PREFIX.length);
}

/** The shared secret; throws for a public key of low order (OpenSSL refuses an all-zero result). */
export function x25519Shared(secret: Uint8Array, peerPublic: Uint8Array): Buffer {
  return sharedWith(privateKey(secret), peerPublic);
}

function sharedWith(privateKey: KeyObject, peerPublic: Uint8Array): Buffer {
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, peerPublic]), format: 'der', type: 'spki' });
  return diffieHellman({ privateKey, publicKey });
}

/**
 * One secret imported once for a batch of key agreements (a reader opening thousands of index
 * segments paid ~3 ms per import and public-key derivation here). Keep it only for the batch.
 */
export function x25519Agreement(secret: Uint8Array): { publicKey: Buffer; shared(peerPublic: Uint8Array): Buffer } {
  const key = privateKey(secret);
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { publicKey, shared: (peerPublic) => sharedWith(key, peerPublic) };
}
