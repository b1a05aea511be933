import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519';
import { x25519PublicOf, x25519Shared } from './x25519-native.js';

describe('X25519 through OpenSSL', () => {
  it('agrees with @noble/curves on public keys and shared secrets (vaults written with either read with the other)', () => {
    for (let i = 0; i < 20; i++) {
      const [a, b] = [randomBytes(32), randomBytes(32)];
      expect(x25519PublicOf(a).equals(Buffer.from(x25519.getPublicKey(a)))).toBe(true);
      const shared = x25519Shared(a, x25519.getPublicKey(b));
      expect(shared.equals(Buffer.from(x25519.getSharedSecret(b, x25519PublicOf(a))))).toBe(true);
    }
  });

  it('refuses a public key of low order (the shared secret would be all zeros)', () => {
    expect(() => x25519Shared(randomBytes(32), Buffer.alloc(32))).toThrow();
  });
});
