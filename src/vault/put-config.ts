import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError } from '../util/errors.js';
import { DAY_MS, type Clock } from '../util/clock.js';
import { configKey, signConfig, type ConfigBody } from './config.js';
import { getFirst, listResolved } from './listing.js';

/**
 * Writes config/<seq>. Two operators may race for the same seq; where the server ignores
 * If-None-Match both versions exist and readers take the first, so the loser reads it back to know.
 */
export async function putConfig(store: BlobStore, body: ConfigBody, custodySeed: Buffer, clock: Clock): Promise<void> {
  const key = configKey(body.seq);
  const bytes = signConfig(body, custodySeed);
  const retainUntil = new Date(clock.now().getTime() + body.retention.days * DAY_MS);
  await store.put(key, bytes, { retainUntil, lockMode: body.retention.mode });
  const first = (await listResolved(store, key)).objects.get(key);
  if (!first || !(await getFirst(store, first)).equals(bytes)) {
    throw new BulkheadError('EXISTS', `another operator changed vault ${body.vaultId} at the same moment (${key}); nothing of yours took effect, run the command again`);
  }
}
