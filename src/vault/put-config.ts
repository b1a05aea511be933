import { randomInt } from 'node:crypto';
import type { BlobStore } from '../storage/blob-store.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { DAY_MS, type Clock } from '../util/clock.js';
import { configKey, signConfig, verifyConfigObject, type ConfigBody } from './config.js';
import { firstVersion, getFirst, getFirstOrWhy, listResolved } from './listing.js';

/** The highest config number the key grammar has (config/<8 digits>). */
const MOST_SEQ = 99_999_999;
/** Puts refused at numbers the listing showed free (an entry made meanwhile) before the change gives up. */
const MOST_REFUSED = 64;
/**
 * After a number is found taken that the listing showed free, the next try lands a random distance
 * ahead: an agent that watches the vault folder (inotify on a local vault) and fills the next
 * numbers the moment the operator lists them can no longer guess which (red team 6 raced 64
 * sequential tries to the end, three times running). Readers take the highest config that
 * verifies, so gaps are harmless; 10^8 numbers leave room for ~200 such races.
 */
const RACE_JUMP = 1_000_000;

const SEQ_OF = /^config\/(\d{8})(?:\/|$)/;

/**
 * The config number after `seq` that nothing occupies yet, and the occupied keys passed over.
 * The loaded config is the highest that verifies, so anything above it is not a valid config:
 * garbage a hijacked agent (or a server admin) put there to block revocation. Readers ignore it
 * and take the highest seq that verifies, so skipping it is safe; the caller reports it. Occupied
 * is anything listed at or under the key: an object, and (a local folder) a FIFO, symlink or folder
 * at it, a file inside such a folder, a folder at its retention file's place.
 */
export async function nextConfigSeq(store: BlobStore, seq: number): Promise<{ seq: number; skipped: string[] }> {
  const occupied = await occupiedSeqs(store);
  const skipped: string[] = [];
  let next = seq + 1;
  while (occupied.has(next)) skipped.push(configKey(next++));
  return { seq: next, skipped };
}

async function occupiedSeqs(store: BlobStore): Promise<Set<number>> {
  const { objects, foreign } = await listResolved(store, 'config/');
  const seqs = new Set<number>();
  for (const key of [...objects.keys(), ...foreign.map((v) => v.key)]) {
    const m = SEQ_OF.exec(key);
    if (m) seqs.add(Number(m[1]));
  }
  return seqs;
}

/**
 * Writes a change as the next free config: `make` gives the body for a number. A put refused at a
 * number the listing showed free (an entry made since, or one no listing shows) is skipped like an
 * occupied one, unless a config that verifies is there: then another operator changed the vault
 * at the same moment and this change, made from the config before, must not land over theirs.
 * Every skipped key is told to `onSkipped` (an attack trace for the operator).
 */
export async function putNextConfig(args: {
  store: BlobStore;
  from: number;
  make: (seq: number) => ConfigBody;
  custodySeed: Buffer;
  custodyPublic: Buffer;
  clock: Clock;
  onSkipped?: (keys: string[]) => void;
}): Promise<ConfigBody> {
  const { store } = args;
  const { seq: first, skipped } = await nextConfigSeq(store, args.from);
  try {
    for (let seq = first, refused = 0; ; seq += 1 + randomInt(RACE_JUMP)) {
      if (seq > MOST_SEQ || refused > MOST_REFUSED) throw tooManyTaken(store.url, skipped, seq);
      const body = args.make(seq);
      try {
        await putConfig(store, body, args.custodySeed, args.clock);
        return body;
      } catch (e) {
        if (!isBulkheadError(e, 'EXISTS') || e instanceof Raced) throw e;
        if (await holdsConfig(store, configKey(seq), args.custodyPublic)) throw raced(body);
        skipped.push(configKey(seq));
        refused++;
      }
    }
  } finally {
    if (skipped.length) args.onSkipped?.(skipped);
  }
}

/** Whether the first version at `key` is a config the custody key signed (another operator's). */
async function holdsConfig(store: BlobStore, key: string, custodyPublic: Buffer): Promise<boolean> {
  const first = await firstVersion(store, key);
  if (!first) return false;
  const bytes = await getFirstOrWhy(store, first);
  return Buffer.isBuffer(bytes) && verifyConfigObject(key, bytes, custodyPublic).ok;
}

/** Another operator's config took the number first: never skipped over (this change was made from the config before theirs). */
class Raced extends BulkheadError {}

const raced = (body: ConfigBody): Raced =>
  new Raced('EXISTS', `another operator changed vault ${body.vaultId} at the same moment (${configKey(body.seq)}); nothing of yours took effect, run the command again`);

function tooManyTaken(url: string, skipped: string[], seq: number): BulkheadError {
  const where = seq > MOST_SEQ ? `every config number up to ${configKey(MOST_SEQ)} is taken` : `${skipped.length} config numbers in a row were taken as this change was written, the last ${skipped[skipped.length - 1]}`;
  return new BulkheadError(
    'TAMPERED',
    `${url}: ${where}, by entries that are no valid config (a hijacked agent squatting them: posture lists them); nothing was changed: remove them by hand (a local vault) and run the command again`,
  );
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
  if (!first || !(await getFirst(store, first)).equals(bytes)) throw raced(body);
}
