import { join } from 'node:path';
import { hkdf } from '../../crypto/kdf.js';
import type { LockStamp } from '../../storage/local-locks.js';
import type { VaultReader } from '../../vault/reader.js';
import { readSealedJson, writeSealedJson } from '../../vault/sealed-file.js';

/** 2: columns (keys, then the numbers of all entries in one Float64 array); a /1 file does not open and every file is read. */
const AD = 'bulkhead/v1/local-locks/2';

/**
 * A stamp whose ctime or mtime is this close to the check's start may be racy (git's "racy clean"):
 * a write in the same tick of a coarse clock can leave it as it was, so its date is not remembered.
 */
export const RACY_MS = 3_000;

/** A look that stats only some files still stats every one at least this often (and on --all-locks). */
export const EVERY_FILE_MS = 24 * 3_600_000;

/** Per entry: dev, ino, size, mtimeMs, ctimeMs, retainUntil ms. */
const W = 6;

/**
 * As stored: `numbers` is base64 of float64s (this machine's byte order: the cache never leaves it), W per key. One array of 25,000 keys
 * and one string of numbers: as arrays of seven, a year-old vault's memory was 150,000 heap
 * objects to parse and keep, most of posture's garbage collection (#14).
 */
interface Stored {
  store: string;
  keys: string[];
  numbers: string;
  everyAt?: number;
}

/**
 * Each local retention file's date as read at an earlier posture, with the stat it had then. A
 * LOCAL date can be edited by this machine's administrator (or any process of the vault's owner,
 * after a chmod), so no date is trusted for itself: recall gives it only while the file's stat
 * (inode, size, mtime and the ctime only the kernel sets) is exactly as when it was read, and
 * `remembered` (a look that samples, local-locks.ts) only as found by the last look that stat'ed
 * every file. Sealed under a key only the operator's identity derives, so a forged entry does not
 * open and cannot hide an edited lock; a file that does not open, or names another store, is
 * empty: every file is read.
 */
export class LocalLockMemory {
  #changed = false;
  /** Per remembered entry: used or confirmed by this look (kept on save). */
  readonly #seen: Uint8Array;
  /** Dates read by this look: [key, dev, ino, size, mtimeMs, ctimeMs, until]. */
  readonly #read = new Map<string, number[]>();
  #everyAt: number | undefined;

  private constructor(
    private readonly path: string,
    private readonly key: Buffer,
    private readonly store: string,
    private readonly known: Map<string, number>,
    private readonly numbers: Float64Array,
    readonly now: number,
    everyAt: number | undefined,
  ) {
    this.#everyAt = everyAt;
    this.#seen = new Uint8Array(known.size);
  }

  static async load(path: string, key: Buffer, store: string, now = Date.now()): Promise<LocalLockMemory> {
    const s = await readSealedJson<Stored>(path, key, AD);
    const ours = s?.store === store && Array.isArray(s.keys) && typeof s.numbers === 'string';
    const raw = ours ? Buffer.from(s.numbers, 'base64') : Buffer.alloc(0);
    const whole = ours && raw.length === s.keys.length * W * 8;
    // copied out: a Float64Array needs an aligned offset, a decoded Buffer may not have one
    const numbers = whole ? new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)) : new Float64Array(0);
    const known = new Map<string, number>();
    if (whole) s.keys.forEach((k, i) => known.set(k, i));
    const everyAt = whole && typeof s.everyAt === 'number' ? s.everyAt : undefined;
    return new LocalLockMemory(path, key, store, known, numbers, now, everyAt);
  }

  /** When every lock file was last stat'ed (and read where changed); undefined: never, as far as this memory knows. */
  get everyFileAt(): number | undefined {
    return this.#everyAt;
  }

  /** Whether this look must stat every file: never done, a day ago or more, or a clock gone back. */
  get everyFileDue(): boolean {
    return this.#everyAt === undefined || this.now - this.#everyAt >= EVERY_FILE_MS || this.#everyAt > this.now;
  }

  everyFileChecked(): void {
    this.#everyAt = this.now;
    this.#changed = true;
  }

  /** Whether a date is remembered for the key at all (a key without one is new: its file is read). */
  has(objectKey: string): boolean {
    return this.known.has(objectKey);
  }

  /** The remembered date, only when the file's stamp is unchanged since it was read. */
  recall(objectKey: string, s: LockStamp): Date | undefined {
    const i = this.known.get(objectKey);
    if (i === undefined) return undefined;
    const n = this.numbers;
    const at = i * W;
    if (n[at] !== s.dev || n[at + 1] !== s.ino || n[at + 2] !== s.size || n[at + 3] !== s.mtimeMs || n[at + 4] !== s.ctimeMs) return undefined;
    this.#seen[i] = 1;
    return new Date(n[at + 5]!);
  }

  /** The date read at an earlier look, its file not stat'ed now (a look that samples: readLocalLocks). */
  remembered(objectKey: string): number | undefined {
    const i = this.known.get(objectKey);
    if (i === undefined) return undefined;
    this.#seen[i] = 1;
    return this.numbers[i * W + 5];
  }

  /** A date just read under this stamp (taken before the read: a change after it changes the stamp). */
  note(objectKey: string, s: LockStamp, until: Date): void {
    this.#changed = true;
    const racyFrom = this.now - RACY_MS;
    if (Number.isNaN(until.getTime()) || s.ctimeMs >= racyFrom || s.mtimeMs >= racyFrom) return;
    this.#read.set(objectKey, [s.dev, s.ino, s.size, s.mtimeMs, s.ctimeMs, until.getTime()]);
  }

  /** Keeps the entries this look used or read (objects gone since are dropped). */
  async save(): Promise<void> {
    const kept: string[] = [];
    for (const [k, i] of this.known) if (this.#seen[i] && !this.#read.has(k)) kept.push(k);
    if (!this.#changed && kept.length === this.known.size) return;
    const keys = [...kept, ...this.#read.keys()];
    const numbers = new Float64Array(keys.length * W);
    kept.forEach((k, j) => numbers.set(this.numbers.subarray(this.known.get(k)! * W, this.known.get(k)! * W + W), j * W));
    let j = kept.length;
    for (const row of this.#read.values()) numbers.set(row, j++ * W);
    const stored: Stored = { store: this.store, keys, numbers: Buffer.from(numbers.buffer).toString('base64'), ...(this.#everyAt !== undefined && { everyAt: this.#everyAt }) };
    await writeSealedJson(this.path, this.key, AD, stored);
  }
}

/** The memory of a reader's vault, or none without a cache folder (every lock file is then read). */
export function localLockMemory(reader: VaultReader | undefined, store: string): Promise<LocalLockMemory> | undefined {
  if (!reader?.cacheDir) return undefined;
  const key = hkdf(reader.identity.decryptionSecret, AD, Buffer.from(reader.config.vaultId));
  return LocalLockMemory.load(join(reader.cacheDir, `local-locks-${reader.identity.recipientFingerprint}.sealed`), key, store);
}
