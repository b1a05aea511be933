import { randomBytes } from 'node:crypto';
import { x25519Agreement, x25519PublicOf, x25519Shared } from './x25519-native.js';
import { seal, open } from './aead.js';
import { hkdf } from './kdf.js';
import { fingerprint } from './fingerprint.js';
import { BulkheadError } from '../util/errors.js';

/** One recipient's copy of a data key, the same shape as age's X25519 stanza. */
export interface Stanza {
  recipient: string; // fingerprint of the recipient's X25519 public key
  epk: string; // base64 ephemeral public key
  wrapped: string; // base64 AEAD box of the key
}

const WRAP_INFO = 'bulkhead/v1/wrap';

export function x25519Public(secret: Uint8Array): Buffer {
  return x25519PublicOf(secret);
}

function wrapKey(shared: Uint8Array, epk: Uint8Array, recipientPub: Uint8Array): Buffer {
  return hkdf(shared, WRAP_INFO, Buffer.concat([epk, recipientPub]));
}

export function wrapTo(key: Uint8Array, recipientPubs: readonly Uint8Array[]): Stanza[] {
  return recipientPubs.map((pub) => {
    const esk = randomBytes(32);
    const epk = x25519PublicOf(esk);
    const shared = x25519Shared(esk, pub);
    esk.fill(0);
    return {
      recipient: fingerprint(pub),
      epk: Buffer.from(epk).toString('base64'),
      wrapped: seal(wrapKey(shared, epk, pub), key, WRAP_INFO).toString('base64'),
    };
  });
}

/** Finds this identity's stanza and unwraps the key; NEEDS_IDENTITY when none is addressed to it. */
export function unwrap(stanzas: readonly Stanza[], secret: Uint8Array, what: string): Buffer {
  return unwrapper(secret)(stanzas, what);
}

export type Unwrapper = (stanzas: readonly Stanza[], what: string) => Buffer;

/** unwrap for a batch of objects sealed to one secret: the key is imported once (x25519Agreement). */
export function unwrapper(secret: Uint8Array): Unwrapper {
  const agreement = x25519Agreement(secret);
  const pub = agreement.publicKey;
  const mineId = fingerprint(pub);
  return (stanzas, what) => {
    const mine = stanzas.find((s) => s.recipient === mineId);
    if (!mine) {
      throw new BulkheadError('NEEDS_IDENTITY', `${what} is not encrypted to this identity (${mineId})`);
    }
    const epk = Buffer.from(mine.epk, 'base64');
    let shared: Buffer;
    try {
      shared = agreement.shared(epk);
    } catch {
      throw new BulkheadError('CORRUPT', `the key of ${what} has a bad ephemeral key`);
    }
    return open(wrapKey(shared, epk, pub), Buffer.from(mine.wrapped, 'base64'), WRAP_INFO, `key of ${what}`);
  };
}
