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

export type ScryptCost = Omit<ScryptParams, 'name' | 'salt'>;

/**
 * The scrypt cost that makes one unlock take about `targetMs` on this machine: times a small run
 * and scales N (cost is linear in N), never below DEFAULT_SCRYPT / 4 nor above 2^20 (1 GiB).
 */
export async function calibrateScrypt(targetMs = 500): Promise<{ cost: ScryptCost; expectedMs: number }> {
  const probeN = 2 ** 14;
  const params: ScryptParams = { name: 'scrypt', N: probeN, r: 8, p: 1, salt: Buffer.alloc(16).toString('base64') };
  await scrypt(Buffer.from('warm-up'), params);
  const started = performance.now();
  await scrypt(Buffer.from('calibrate'), params);
  const msPerN = (performance.now() - started) / probeN;
  const log2 = Math.round(Math.log2(targetMs / msPerN));
  const N = 2 ** Math.min(20, Math.max(Math.log2(DEFAULT_SCRYPT.N) - 2, log2));
  return { cost: { N, r: 8, p: 1 }, expectedMs: Math.round(msPerN * N) };
}
