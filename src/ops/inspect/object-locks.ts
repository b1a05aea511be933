import { join } from 'node:path';
import { hkdf } from '../../crypto/kdf.js';
import type { BlobStore, LockMode, ListedVersion } from '../../storage/blob-store.js';
import type { VaultReader } from '../../vault/reader.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';
import { Lanes } from '../../util/lanes.js';

/** An object's lock as the server reported it; `remembered` when it comes from an earlier check. */
export interface ObjectLock {
  key: string;
  lockMode: LockMode;
  retainUntil?: Date;
  legalHold?: true;
  remembered?: boolean;
}

const AD = 'bulkhead/v1/object-locks/1';

const versionKey = (v: ListedVersion) => `${v.key}\0${v.versionId ?? ''}`;

/** [key NUL versionId, COMPLIANCE retainUntil ms] */
type Entry = [string, number];

/**
 * What the server said about each object version's COMPLIANCE lock at earlier posture checks. A
 * COMPLIANCE date can only move later, so a remembered date is a lower bound on the real one:
 * posture asks the server again only about objects it has not seen, locks that have run out by
 * the remembered date, and the few it needs to find the true shortest lock. (GOVERNANCE dates can
 * be shortened by a bypass, so they are never remembered.) A file on the operator's machine,
 * sealed under a key only the identity derives: whoever can write the cache folder could
 * otherwise make an unlocked object look locked for years. A file that does not open, or names
 * another store, is empty (every lock asked again); without the identity nothing is remembered.
 */
export class LockMemory {
  #changed = false;

  private constructor(
    private readonly target: { path: string; key: Buffer; store: string } | undefined,
    private readonly dates: Map<string, number>,
  ) {}

  /** Remembers nothing and saves nothing: every lock is asked. */
  static none(): LockMemory {
    return new LockMemory(undefined, new Map());
  }

  static async load(path: string, key: Buffer, store: string): Promise<LockMemory> {
    const stored = await readSealedJson<{ store: string; dates: Entry[] }>(path, key, AD);
    const entries = stored?.store === store && Array.isArray(stored.dates) ? stored.dates : [];
    return new LockMemory({ path, key, store }, new Map(entries.filter((e) => typeof e[0] === 'string' && Number.isFinite(e[1]))));
  }

  recall(v: ListedVersion): Date | undefined {
    const at = this.dates.get(versionKey(v));
    return at === undefined ? undefined : new Date(at);
  }

  note(v: ListedVersion, lock: ObjectLock | undefined): void {
    this.#changed = true;
    // a held object is asked again at every look, so that its hold stays in posture's findings
    if (lock?.lockMode === 'COMPLIANCE' && !lock.legalHold && lock.retainUntil && !Number.isNaN(lock.retainUntil.getTime())) this.dates.set(versionKey(v), lock.retainUntil.getTime());
    else this.dates.delete(versionKey(v));
  }

  /** Through a temporary name unique to this call (writeSealedJson): two saves in one process never share it. */
  async save(): Promise<void> {
    if (!this.target || !this.#changed) return;
    const { path, key, store } = this.target;
    await writeSealedJson(path, key, AD, { store, dates: [...this.dates] });
  }
}

/** The memory of a reader's vault, or one that remembers nothing without the identity or a cache folder. */
export function objectLockMemory(reader: VaultReader | undefined, store: string): Promise<LockMemory> {
  if (!reader?.cacheDir) return Promise.resolve(LockMemory.none());
  const key = hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return LockMemory.load(join(reader.cacheDir, `object-locks-${reader.identity.recipientFingerprint}.sealed`), key, store);
}

async function head(store: BlobStore, v: ListedVersion, memory: LockMemory): Promise<ObjectLock | undefined> {
  const info = await store.head(v.key, v.versionId);
  const lock = info && { key: v.key, lockMode: info.lockMode, ...(info.retainUntil && { retainUntil: info.retainUntil }), ...(info.legalHold && { legalHold: info.legalHold }) };
  memory.note(v, lock);
  return lock;
}

/** Every listed object's lock: remembered while its remembered COMPLIANCE date is still ahead, else read. */
export async function readLocks(store: BlobStore, objects: Map<string, ListedVersion>, memory: LockMemory, now: Date): Promise<Map<string, ObjectLock>> {
  const locks = new Map<string, ObjectLock>();
  const lanes = new Lanes(16);
  for (const v of objects.values()) {
    const until = memory.recall(v);
    if (until && until > now) {
      locks.set(v.key, { key: v.key, lockMode: 'COMPLIANCE', retainUntil: until, remembered: true });
      continue;
    }
    await lanes.run(async () => {
      const lock = await head(store, v, memory);
      if (lock) locks.set(v.key, lock);
    });
  }
  await lanes.drain();
  return locks;
}

/**
 * The shortest lock among `needed`, exact: in order of their known dates, remembered ones are read
 * again until the next known date cannot beat the shortest real one found (real ≥ remembered).
 */
export async function shortestLock(store: BlobStore, needed: string[], objects: Map<string, ListedVersion>, locks: Map<string, ObjectLock>, memory: LockMemory): Promise<ObjectLock | undefined> {
  const dated = needed.map((k) => locks.get(k)).filter((l): l is ObjectLock & { retainUntil: Date } => !!l?.retainUntil);
  dated.sort((a, b) => +a.retainUntil - +b.retainUntil);
  let best: (ObjectLock & { retainUntil: Date }) | undefined;
  for (const lock of dated) {
    if (best && lock.retainUntil >= best.retainUntil) break;
    const real = lock.remembered ? await head(store, objects.get(lock.key)!, memory) : lock;
    if (real?.retainUntil && (!best || real.retainUntil < best.retainUntil)) best = { ...real, retainUntil: real.retainUntil };
  }
  return best;
}
