import { randomBytes } from 'node:crypto';
import { hkdf } from '../crypto/kdf.js';
import { x25519Public } from '../crypto/wrap.js';
import { ed25519Public } from '../crypto/sign.js';
import { fingerprint } from '../crypto/fingerprint.js';

/**
 * The recovery identity: one 32-byte master seed from which HKDF derives the X25519 secret
 * (decrypts) and the Ed25519 custody seed (signs). One secret to guard, split or seal.
 * Secrets live in Buffers that wipe() zeroes; callers wipe on lock.
 */
export class RecoveryIdentity {
  readonly recipientPublic: Buffer;
  readonly custodyPublic: Buffer;
  readonly #seed: Buffer;
  readonly #x25519: Buffer;
  readonly #ed25519: Buffer;
  #wiped = false;

  private constructor(seed: Buffer) {
    this.#seed = seed;
    this.#x25519 = hkdf(seed, 'bulkhead/v1/identity/x25519');
    this.#ed25519 = hkdf(seed, 'bulkhead/v1/identity/ed25519');
    this.recipientPublic = x25519Public(this.#x25519);
    this.custodyPublic = ed25519Public(this.#ed25519);
  }

  static generate(): RecoveryIdentity {
    return new RecoveryIdentity(randomBytes(32));
  }

  /** Takes ownership of the seed buffer (it is zeroed by wipe()). */
  static fromSeed(seed: Buffer): RecoveryIdentity {
    if (seed.length !== 32) throw new Error('a master seed is 32 bytes');
    return new RecoveryIdentity(seed);
  }

  get recipientFingerprint(): string {
    return fingerprint(this.recipientPublic);
  }

  get custodyFingerprint(): string {
    return fingerprint(this.custodyPublic);
  }

  /** The secrets, for the crypto calls that need them; never for logging or serialising. */
  get decryptionSecret(): Buffer {
    this.#assertLive();
    return this.#x25519;
  }

  get custodySeed(): Buffer {
    this.#assertLive();
    return this.#ed25519;
  }

  get masterSeed(): Buffer {
    this.#assertLive();
    return this.#seed;
  }

  wipe(): void {
    this.#seed.fill(0);
    this.#x25519.fill(0);
    this.#ed25519.fill(0);
    this.#wiped = true;
  }

  #assertLive(): void {
    if (this.#wiped) throw new Error('identity is locked');
  }
}
