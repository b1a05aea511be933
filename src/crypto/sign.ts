import { ed25519 } from '@noble/curves/ed25519';
import { canonicalBytes } from '../util/canonical.js';

/** Ed25519 over the canonical JSON of a value. Keys are raw 32-byte seeds / public keys. */
export function ed25519Public(seed: Uint8Array): Buffer {
  return Buffer.from(ed25519.getPublicKey(seed));
}

export function signBytes(seed: Uint8Array, message: Uint8Array): Buffer {
  return Buffer.from(ed25519.sign(message, seed));
}

export function verifyBytes(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

export function signValue(seed: Uint8Array, purpose: string, value: unknown): string {
  return signBytes(seed, purposeMessage(purpose, value)).toString('base64');
}

export function verifyValue(publicKey: Uint8Array, purpose: string, value: unknown, signature: string): boolean {
  return verifyBytes(publicKey, purposeMessage(purpose, value), Buffer.from(signature, 'base64'));
}

/** Domain separation: a signature made for a config can never pass as one for a snapshot. */
function purposeMessage(purpose: string, value: unknown): Buffer {
  return Buffer.concat([Buffer.from(`bulkhead/v1/${purpose}\n`), canonicalBytes(value)]);
}
