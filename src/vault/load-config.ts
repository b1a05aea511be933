import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError } from '../util/errors.js';
import { verifyConfigObject, type SignedConfig } from './config.js';
import { getFirst, listResolved } from './listing.js';

export interface LoadedConfig {
  config: SignedConfig;
  hash: string;
  /** Config objects refused as tampered, each with the reason. */
  tampered: string[];
}

/**
 * The highest config/<seq> with a valid custody signature wins. Anything else under config/ is
 * reported as tampering and ignored; the custody key comes from the caller (identity or pinned).
 */
export async function loadConfig(store: BlobStore, custodyPublic: Buffer): Promise<LoadedConfig> {
  const { objects } = await listResolved(store, 'config/');
  if (objects.size === 0) {
    throw new BulkheadError('NO_VAULT', `there is no Bulkhead vault at ${store.url}; create one with "bulkhead vault init"`);
  }
  const tampered: string[] = [];
  let best: { config: SignedConfig; hash: string } | undefined;
  for (const v of objects.values()) {
    const verdict = verifyConfigObject(v.key, await getFirst(store, v), custodyPublic);
    if (!verdict.ok) tampered.push(verdict.reason);
    else if (!best || verdict.config.body.seq > best.config.body.seq) best = verdict;
  }
  if (!best) {
    throw new BulkheadError(
      'TAMPERED',
      `no config in ${store.url} is signed by this custody key: ${tampered.join('; ')}. Check that you use this vault's identity`,
    );
  }
  return { ...best, tampered };
}
