import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError } from '../util/errors.js';
import { configKey, verifyConfigObject, type SignedConfig } from './config.js';
import { getFirst, getFirstOrWhy, listResolved } from './listing.js';

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
    const bytes = await getFirstOrWhy(store, v);
    const verdict = Buffer.isBuffer(bytes) ? verifyConfigObject(v.key, bytes, custodyPublic) : { ok: false as const, reason: bytes.message };
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

/**
 * The custody key a vault was created with, as its first config (config/00000001) names it. Only
 * for a reader that is not the custody identity (a break-glass recipient): the first version of
 * that object is locked and wins over any later version, so it cannot be swapped afterwards.
 */
export async function genesisCustodyKey(store: BlobStore): Promise<Buffer> {
  return (await genesisVault(store)).custodyKey;
}

/** The custody key and the vault id the first config names: one identity may hold the custody of several vaults. */
export async function genesisVault(store: BlobStore): Promise<{ custodyKey: Buffer; vaultId: string }> {
  const { objects } = await listResolved(store, configKey(1));
  const first = objects.get(configKey(1));
  if (!first) throw new BulkheadError('NO_VAULT', `there is no Bulkhead vault at ${store.url}; create one with "bulkhead vault init"`);
  try {
    const body = (JSON.parse((await getFirst(store, first)).toString('utf8')) as { body: { custodyPublic: string; vaultId: string } }).body;
    if (typeof body.vaultId !== 'string') throw new Error('no vault id');
    return { custodyKey: Buffer.from(body.custodyPublic, 'base64'), vaultId: body.vaultId };
  } catch {
    throw new BulkheadError('TAMPERED', `${configKey(1)} in ${store.url} is not a valid vault config`);
  }
}
