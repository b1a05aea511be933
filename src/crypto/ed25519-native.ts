import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 through OpenSSL, for signatures over large messages (index segments are megabytes):
 * its native SHA-512 verifies 1.5 MB in ~2 ms, where @noble/curves takes ~40 ms. The signatures
 * are plain RFC 8032 Ed25519, interchangeable with sign.ts.
 */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const publicKeys = new Map<string, KeyObject>();

export function signMessage(seed: Uint8Array, message: Uint8Array): Buffer {
  const der = Buffer.concat([PKCS8_PREFIX, seed]);
  try {
    return sign(null, message, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } finally {
    der.fill(0);
  }
}

export function verifyMessage(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const id = Buffer.from(publicKey).toString('base64url');
  try {
    let key = publicKeys.get(id);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
      publicKeys.set(id, key);
    }
    return signature.length === 64 && verify(null, message, key, signature);
  } catch {
    return false;
  }
}
