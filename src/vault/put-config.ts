import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError } from '../util/errors.js';
import { DAY_MS, type Clock } from '../util/clock.js';
import { configKey, signConfig, type ConfigBody } from './config.js';
import { firstVersion, getFirst, listResolved } from './listing.js';

/**
 * The config number after `seq` that no object occupies yet, and the occupied keys passed over.
 * The loaded config is the highest that verifies, so anything above it is not a valid config:
 * garbage a hijacked agent (or a server admin) put there to block revocation. Readers ignore it
 * and take the highest seq that verifies, so skipping it is safe; the caller reports it.
 */
export async function nextConfigSeq(store: BlobStore, seq: number): Promise<{ seq: number; skipped: string[] }> {
  const { objects } = await listResolved(store, 'config/');
  const skipped: string[] = [];
  let next = seq + 1;
  while (objects.has(configKey(next))) skipped.push(configKey(next++));
  return { seq: next, skipped };
}

/**
 * Writes config/<seq>. Two operators may race for the same seq; where the server ignores
 * If-None-Match both versions exist and readers take the first, so the loser reads it back to know.
 */
export async function putConfig(store: BlobStore, body: ConfigBody, custodySeed: Buffer, clock: Clock): Promise<void> {
  const key = configKey(body.seq);
  const bytes = signConfig(body, custodySeed);
  const retainUntil = new Date(clock.now().getTime() + body.retention.days * DAY_MS);
  await store.put(key, bytes, { retainUntil, lockMode: body.retention.mode });
  const first = await firstVersion(store, key);
  if (!first || !(await getFirst(store, first)).equals(bytes)) {
    throw new BulkheadError('EXISTS', `another operator changed vault ${body.vaultId} at the same moment (${key}); nothing of yours took effect, run the command again`);
  }
}
