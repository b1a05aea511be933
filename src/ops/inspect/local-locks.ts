import { join } from 'node:path';
import { hkdf } from '../../crypto/kdf.js';
import type { ListedVersion } from '../../storage/blob-store.js';
import type { LocalLockFiles, LockStamp } from '../../storage/local-locks.js';
import type { VaultReader } from '../../vault/reader.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';
import type { ObjectLock } from './object-locks.js';

const AD = 'bulkhead/v1/local-locks/1';

/**
 * A stamp whose ctime or mtime is this close to the check's start may be racy (git's "racy clean"):
 * a write in the same tick of a coarse clock can leave it as it was, so its date is not remembered.
 */
export const RACY_MS = 3_000;

/** [key, dev, ino, size, mtimeMs, ctimeMs, retainUntil ms] */
type Entry = [string, number, number, number, number, number, number];

/**
 * Each local retention file's date as read at an earlier posture, with the stat it had then. A
 * LOCAL date can be edited by this machine's administrator (or any process of the vault's owner,
 * after a chmod), so no date is trusted for itself: it is used only while the file's stat (inode,
 * size, mtime and the ctime only the kernel sets) is exactly as when it was read. Sealed under a
 * key only the operator's identity derives, so a forged entry does not open and cannot hide an
 * edited lock; a file that does not open, or names another store, is read again in full.
 */
export class LocalLockMemory {
  #changed = false;
  readonly #seen = new Map<string, Entry>();

  private constructor(
    private readonly path: string,
    private readonly key: Buffer,
    private readonly store: string,
    private readonly known: Map<string, Entry>,
    private readonly racyFrom: number,
  ) {}

  static async load(path: string, key: Buffer, store: string, now = Date.now()): Promise<LocalLockMemory> {
    const stored = await readSealedJson<{ store: string; entries: Entry[] }>(path, key, AD);
    const entries = stored?.store === store && Array.isArray(stored.entries) ? stored.entries : [];
    return new LocalLockMemory(path, key, store, new Map(entries.map((e) => [e[0], e])), now - RACY_MS);
  }

  /** The remembered date, only when the file's stamp is unchanged since it was read. */
  recall(objectKey: string, s: LockStamp): Date | undefined {
    const e = this.known.get(objectKey);
    if (!e || e[1] !== s.dev || e[2] !== s.ino || e[3] !== s.size || e[4] !== s.mtimeMs || e[5] !== s.ctimeMs) return undefined;
    this.#seen.set(objectKey, e);
    return new Date(e[6]);
  }

  /** A date just read under this stamp (taken before the read: a change after it changes the stamp). */
  note(objectKey: string, s: LockStamp, until: Date): void {
    this.#changed = true;
    if (Number.isNaN(until.getTime()) || s.ctimeMs >= this.racyFrom || s.mtimeMs >= this.racyFrom) return;
    this.#seen.set(objectKey, [objectKey, s.dev, s.ino, s.size, s.mtimeMs, s.ctimeMs, until.getTime()]);
  }

  /** Keeps the entries this check used or read (objects gone since are dropped). */
  async save(): Promise<void> {
    if (!this.#changed && this.#seen.size === this.known.size) return;
    await writeSealedJson(this.path, this.key, AD, { store: this.store, entries: [...this.#seen.values()] });
  }
}

/** The memory of a reader's vault, or none without a cache folder (every lock file is then read). */
export function localLockMemory(reader: VaultReader | undefined, store: string): Promise<LocalLockMemory> | undefined {
  if (!reader?.cacheDir) return undefined;
  const key = hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return LocalLockMemory.load(join(reader.cacheDir, `local-locks-${reader.identity.recipientFingerprint}.sealed`), key, store);
}

/**
 * Every listed object's LOCAL lock: one stat of its retention file each (the listing already
 * stat'ed the object itself), and a read only where the memory has no date for that exact stat.
 */
export async function readLocalLocks(files: LocalLockFiles, objects: Map<string, ListedVersion>, memory?: LocalLockMemory): Promise<Map<string, ObjectLock>> {
  const locks = new Map<string, ObjectLock>();
  for (const { key } of objects.values()) {
    const stamp = files.stamp(key);
    let until = stamp && memory?.recall(key, stamp);
    if (stamp && !until) {
      until = files.read(key);
      if (until) memory?.note(key, stamp, until);
    }
    locks.set(key, { key, lockMode: 'LOCAL', ...(until && { retainUntil: until }) });
  }
  await memory?.save();
  return locks;
}
