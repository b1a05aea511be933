import { createHash } from 'node:crypto';
import { base32nopad } from '@scure/base';

/** First 16 bytes of SHA-256 over a public key, RFC 4648 base32 without padding (26 chars). */
export function fingerprint(publicKey: Uint8Array): string {
  return base32nopad.encode(createHash('sha256').update(publicKey).digest().subarray(0, 16));
}

/** For humans: "ABCD-EFGH-…", easy to read aloud and compare on paper. */
export function groupFingerprint(fp: string): string {
  return fp.match(/.{1,4}/g)?.join('-') ?? fp;
}
