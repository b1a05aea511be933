import { join } from 'node:path';
import { hkdf } from '../../crypto/kdf.js';
import type { ListedVersion } from '../../storage/blob-store.js';
import type { VaultReader } from '../../vault/reader.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';
import { ExpiredLocks, versionId, versionKey, type ExpiredLock, type StoredExpired } from './expired-locks.js';
import type { ObjectLock } from './object-lock.js';

const AD = 'bulkhead/v1/object-locks/1';

const versionOf = (v: ListedVersion) => versionKey(v.key, v.versionId);

/** [key NUL versionId, COMPLIANCE retainUntil ms] */
type Entry = [string, number];

/** An older memory has no `expired`: it opens with none remembered. */
interface Stored {
  store: string;
  dates: Entry[];
  expired?: StoredExpired;
}

/**
 * What the server said about each object version's lock at earlier posture checks. A
 * COMPLIANCE date can only move later, so a remembered date is a lower bound on the real one:
 * posture asks the server again only about objects it has not seen, locks that have run out by
 * the remembered date, and the few it needs to find the true shortest lock. (GOVERNANCE dates can
 * be shortened by a bypass, so they are never remembered.) A lock seen run out (or none) is
 * remembered too (expired-locks.ts): a hijacked agent's flood of 30-second locks would otherwise
 * cost a HEAD each at every look, for ever (red team 3b, B2). A file on the operator's machine,
 * sealed under a key only the identity derives: whoever can write the cache folder could
 * otherwise make an unlocked object look locked for years. A file that does not open, or names
 * another store, is empty (every lock asked again); without the identity nothing is remembered.
 */
export class LockMemory {
  #changed = false;

  private constructor(
    private readonly target: { path: string; key: Buffer; store: string } | undefined,
    private readonly dates: Map<string, number>,
    private readonly expired: ExpiredLocks,
  ) {}

  /** Remembers nothing and saves nothing: every lock is asked. */
  static none(): LockMemory {
    return new LockMemory(undefined, new Map(), ExpiredLocks.empty());
  }

  static async load(path: string, key: Buffer, store: string): Promise<LockMemory> {
    const stored = await readSealedJson<Stored>(path, key, AD);
    const ours = stored?.store === store && Array.isArray(stored.dates);
    const entries = ours ? stored.dates : [];
    const dates = new Map(entries.filter((e) => typeof e[0] === 'string' && Number.isFinite(e[1])));
    return new LockMemory({ path, key, store }, dates, ours ? ExpiredLocks.from(stored.expired) : ExpiredLocks.empty());
  }

  recall(v: ListedVersion): Date | undefined {
    const at = this.dates.get(versionOf(v));
    return at === undefined ? undefined : new Date(at);
  }

  /** The lock this version had when a look saw it run out, or none. */
  recallExpired(v: ListedVersion): ExpiredLock | undefined {
    return this.target && this.expired.recall(versionId(v.key, v.versionId));
  }

  /** What the server just said (undefined: the object is gone) at `now`. */
  note(v: ListedVersion, lock: ObjectLock | undefined, now: Date): void {
    if (!this.target) return;
    this.#changed = true;
    const id = versionId(v.key, v.versionId);
    const until = lock?.retainUntil?.getTime();
    const ranOut = !!lock && lock.lockMode !== 'LOCAL' && (lock.lockMode === 'NONE' || until === undefined || Number.isNaN(until) || until <= now.getTime());
    // a held object is asked again at every look, so that its hold stays in posture's findings
    if (lock && !lock.legalHold && ranOut) {
      this.dates.delete(versionOf(v));
      this.expired.add(id, { lockMode: lock.lockMode, ...(lock.retainUntil && { retainUntil: lock.retainUntil }) });
      return;
    }
    this.expired.forget(id);
    if (lock?.lockMode === 'COMPLIANCE' && !lock.legalHold && until !== undefined && !Number.isNaN(until)) this.dates.set(versionOf(v), until);
    else this.dates.delete(versionOf(v));
  }

  /** Through a temporary name unique to this call (writeSealedJson): two saves in one process never share it. */
  async save(): Promise<void> {
    if (!this.target || !this.#changed) return;
    const { path, key, store } = this.target;
    const stored: Stored = { store, dates: [...this.dates], expired: this.expired.toStored() };
    await writeSealedJson(path, key, AD, stored);
  }
}

/** The memory of a reader's vault, or one that remembers nothing without the identity or a cache folder. */
export function objectLockMemory(reader: VaultReader | undefined, store: string): Promise<LockMemory> {
  if (!reader?.cacheDir) return Promise.resolve(LockMemory.none());
  const key = hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return LockMemory.load(join(reader.cacheDir, `object-locks-${reader.identity.recipientFingerprint}.sealed`), key, store);
}
