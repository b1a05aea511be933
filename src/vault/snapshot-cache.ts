import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hkdf } from '../crypto/kdf.js';
import { sha256Hex } from '../crypto/blob-id.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import type { ConfigBody } from './config.js';
import { readSealedJson, writeSealedJson } from './sealed-file.js';
import { decodeVerdicts, encodeVerdicts, type CompactVerdicts } from './snapshot-cache-codec.js';

export type { OpenedSnapshot, SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';
import type { OpenedSnapshot, SnapshotVerdicts, UnopenedSnapshot } from './snapshot-verdicts.js';

/**
 * 4: the compact form with a table of records and no pack lists (snapshot-cache-codec.ts); 5: with
 * each writer's manifest charge, a generation, and a tail. A file of an older form does not open and is rebuilt.
 */
const AD = 'bulkhead/v1/snapshot-cache/5';
const TAIL_AD = 'bulkhead/v1/snapshot-cache-tail/5';
/** A tail holds at most this many entries, or this share of its base's, before the base is written whole again. */
const TAIL_ALWAYS = 64;
const TAIL_SHARE = 1 / 16;

interface Stored {
  /** Random, new with each whole file: a tail names the one it adds to. */
  generation: string;
  verdicts: CompactVerdicts;
}

interface StoredTail {
  base: string;
  verdicts: CompactVerdicts;
}

/** The entries of the whole file as last read or written, to tell what a save only adds to them. */
interface Base {
  generation: string;
  opened: ReadonlyMap<string, OpenedSnapshot>;
  unopened: ReadonlyMap<string, UnopenedSnapshot>;
}

const empty = (): SnapshotVerdicts => ({ opened: new Map(), unopened: new Map() });

/** What a refusal depends on besides the object's own bytes: the enrolled writers and their keys. */
export const writersDigest = (config: ConfigBody): string => sha256Hex(Buffer.from(config.writers.map((w) => `${w.id}:${w.publicKey}`).sort().join('\n')));

export interface SnapshotCache {
  load(): Promise<SnapshotVerdicts>;
  save(verdicts: SnapshotVerdicts): Promise<void>;
}

/**
 * The snapshots this identity has verified and decrypted, kept in the operator's cache folder so
 * that `snapshots`, posture and the console's timeline on a vault of a year of hourly backups
 * fetch and open only the snapshots that are new, not 8,760 objects per look. Refusals are kept
 * too: a hijacked agent that puts thousands of junk objects under `snapshots/` costs each operator
 * one download of them, not one per look. Sealed under a key only this identity derives (manifests
 * are the backups' metadata); a file that does not open is simply rebuilt. Only the listing decides
 * what exists: an entry is used for a key the store still lists with the same first version, judged
 * against today's writers.
 */
export function snapshotCache(cacheDir: string, identity: RecoveryIdentity, vaultId: string): SnapshotCache {
  const path = join(cacheDir, `snapshots-${identity.recipientFingerprint}.sealed`);
  // The snapshots verified since the whole file was written: a look after each hourly backup wrote
  // 8,760 entries again for one new one (~0.2 s a look at a year, #14).
  const tailPath = join(cacheDir, `snapshots-${identity.recipientFingerprint}.tail.sealed`);
  const key = () => hkdf(identity.decryptionSecret, AD, Buffer.from(vaultId));
  let base: Base | undefined;
  return {
    load: async () => {
      const stored = await readSealedJson<Stored>(path, key(), AD);
      const whole = stored && typeof stored.generation === 'string' ? decodeVerdicts(stored.verdicts ?? {}) : undefined;
      if (!stored || !whole) return empty();
      base = { generation: stored.generation, opened: new Map(whole.opened), unopened: new Map(whole.unopened) };
      const tail = await readSealedJson<StoredTail>(tailPath, key(), TAIL_AD);
      const added = tail?.base === stored.generation ? decodeVerdicts(tail.verdicts ?? {}) : undefined;
      if (!added) return whole;
      // only additions: an entry of the whole file is never replaced by one of its tail
      for (const [k, o] of added.opened) if (!whole.opened.has(k) && !whole.unopened.has(k)) whole.opened.set(k, o);
      for (const [k, u] of added.unopened) if (!whole.opened.has(k) && !whole.unopened.has(k)) whole.unopened.set(k, u);
      return { ...whole, charged: added.charged };
    },
    // keyed for the reader: the store key each snapshot was listed under
    save: async (v) => {
      const tail = base && additionsOver(base, v);
      if (base && tail && tail.opened.size + tail.unopened.size <= Math.max(TAIL_ALWAYS, (base.opened.size + base.unopened.size) * TAIL_SHARE)) {
        return writeSealedJson(tailPath, key(), TAIL_AD, { base: base.generation, verdicts: encodeVerdicts(tail) } satisfies StoredTail);
      }
      const generation = randomBytes(16).toString('hex');
      await writeSealedJson(path, key(), AD, { generation, verdicts: encodeVerdicts(v) } satisfies Stored);
      await rm(tailPath, { force: true }).catch(() => undefined); // it names the old generation: never read again anyway
      base = { generation, opened: new Map(v.opened), unopened: new Map(v.unopened) };
    },
  };
}

/** What `kept` adds to `base` when it keeps every entry of it as it was (the same verdict); undefined when it drops or changes one. */
function additionsOver(base: Base, kept: SnapshotVerdicts): SnapshotVerdicts | undefined {
  for (const [k, o] of base.opened) if (kept.opened.get(k) !== o) return undefined;
  for (const [k, u] of base.unopened) if (kept.unopened.get(k) !== u) return undefined;
  return {
    opened: new Map([...kept.opened].filter(([k]) => !base.opened.has(k))),
    unopened: new Map([...kept.unopened].filter(([k]) => !base.unopened.has(k))),
    ...(kept.charged && { charged: kept.charged }),
  };
}
