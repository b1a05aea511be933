import { canonicalBytes } from '../util/canonical.js';
import { publicKeyOf, signMessage, verifyMessage } from './ed25519-native.js';

/**
 * Ed25519 over the canonical JSON of a value. Keys are raw 32-byte seeds / public keys. Through
 * OpenSSL: @noble/curves costs ~250 ms of every agent run in its first-use precomputation alone.
 */
export const ed25519Public = (seed: Uint8Array): Buffer => publicKeyOf(seed);

export const signBytes = (seed: Uint8Array, message: Uint8Array): Buffer => signMessage(seed, message);

export const verifyBytes = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => verifyMessage(publicKey, message, signature);

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
