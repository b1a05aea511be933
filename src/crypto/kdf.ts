import { hkdfSync, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scryptCb) as (
  pw: Buffer,
  salt: Buffer,
  len: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** HKDF-SHA256 sub-key with a purpose string, e.g. "bulkhead/v1/index". */
export function hkdf(secret: Uint8Array, info: string, salt: Uint8Array = Buffer.alloc(0), length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, info, length));
}

export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string; // base64
}

/** About 0.4–0.6 s on the 2-core build machine (measured in test/bench/kdf): the unlock cost. */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export async function scrypt(passphrase: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return scryptAsync(passphrase, Buffer.from(params.salt, 'base64'), 32, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem,
  });
}
