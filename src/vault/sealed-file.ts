import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { open, seal } from '../crypto/aead.js';
import { compressBytes, decompressBytes } from './blob-codec.js';

/** Local caches may be large (a whole vault's index); far past this a file is not one of ours. */
const MAX_BYTES = 1024 * 1024 * 1024;

/**
 * A local cache file: JSON, zstd-compressed, sealed under `key` with `ad`. Undefined when it is
 * missing or does not open (edited, another key, older rules): the caller rebuilds it.
 */
export async function readSealedJson<T>(path: string, key: Buffer, ad: string, maxBytes = MAX_BYTES): Promise<T | undefined> {
  const plain = await readSealedBytes(path, key, ad, maxBytes);
  try {
    return plain && (JSON.parse(plain.toString('utf8')) as T);
  } catch {
    return undefined;
  }
}

/** The same for bytes the caller decodes (a binary cache). */
export async function readSealedBytes(path: string, key: Buffer, ad: string, maxBytes = MAX_BYTES): Promise<Buffer | undefined> {
  const bytes = await fsp.readFile(path).catch(() => undefined);
  if (!bytes) return undefined;
  try {
    return decompressBytes(open(key, bytes, ad, path), maxBytes);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name unique to this call: two saves in one process never share it. */
export async function writeSealedJson(path: string, key: Buffer, ad: string, value: unknown): Promise<void> {
  await writeSealedBytes(path, key, ad, Buffer.from(JSON.stringify(value)));
}

export async function writeSealedBytes(path: string, key: Buffer, ad: string, plain: Buffer): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, seal(key, compressBytes(plain), ad), { mode: 0o600 });
  await fsp.rename(tmp, path);
}
