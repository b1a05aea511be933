import { createHash } from 'node:crypto';
import type { LockMode } from '../../storage/blob-store.js';

/** Bytes of an object version's id in the set (SHA-256 of key NUL versionId, truncated). */
const ID = 16;

/**
 * At most this many are remembered (~25 bytes each: 26 MB at the cap); past it, the others are
 * asked again at every look, as before. A million 0-byte puts cost the agent about $5 on AWS.
 */
export const MAX_EXPIRED = 1 << 20;

const MODES: LockMode[] = ['NONE', 'COMPLIANCE', 'GOVERNANCE'];

/** As stored in the sealed lock memory: columns in base64, so a million entries are three strings, not a million arrays. */
export interface StoredExpired {
  ids: string;
  until: string;
  modes: string;
}

export interface ExpiredLock {
  lockMode: LockMode;
  /** The date the lock ran out (absent: none was set). */
  retainUntil?: Date;
}

/** An object version as the lock memory names it: its key, NUL, its version id. */
export const versionKey = (key: string, version: string | undefined): string => `${key}\0${version ?? ''}`;
export const versionId = (key: string, version: string | undefined): Buffer => createHash('sha256').update(versionKey(key, version)).digest().subarray(0, ID);

/**
 * Object versions whose lock had run out (or which had none) when posture asked. Such a lock can
 * only be extended later, never come back shorter, so remembering it errs towards a finding,
 * never away from one. Kept sorted by id in one buffer and two typed arrays: a million entries
 * are no million heap objects. A hash collision (one in 2^64 pairs) only makes a locked object
 * look expired, and posture asks the server about every object the latest snapshots need anyway.
 */
export class ExpiredLocks {
  /** Per entry: seen in this look's listing and not found locked again (kept on save). */
  readonly #kept: Uint8Array;
  readonly #added = new Map<string, { id: Buffer; until: number; mode: number }>();

  private constructor(
    private readonly ids: Buffer,
    private readonly until: Float64Array,
    private readonly modes: Uint8Array,
  ) {
    this.#kept = new Uint8Array(modes.length);
  }

  static empty(): ExpiredLocks {
    return new ExpiredLocks(Buffer.alloc(0), new Float64Array(0), new Uint8Array(0));
  }

  /** Empty when anything does not add up (an older memory has none). */
  static from(s: StoredExpired | undefined): ExpiredLocks {
    if (!s || typeof s.ids !== 'string' || typeof s.until !== 'string' || typeof s.modes !== 'string') return ExpiredLocks.empty();
    const ids = Buffer.from(s.ids, 'base64');
    const until = Buffer.from(s.until, 'base64');
    const modes = Buffer.from(s.modes, 'base64');
    const n = modes.length;
    if (n > MAX_EXPIRED || ids.length !== n * ID || until.length !== n * 8 || modes.some((m) => m >= MODES.length)) return ExpiredLocks.empty();
    for (let i = 1; i < n; i++) if (ids.compare(ids, (i - 1) * ID, i * ID, i * ID, (i + 1) * ID) <= 0) return ExpiredLocks.empty();
    // copied out: a Float64Array needs an aligned offset, a decoded Buffer may not have one
    return new ExpiredLocks(ids, new Float64Array(until.buffer.slice(until.byteOffset, until.byteOffset + until.length)), new Uint8Array(modes));
  }

  get size(): number {
    return this.modes.length;
  }

  #find(id: Buffer): number {
    let lo = 0;
    let hi = this.modes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.ids.compare(id, 0, ID, mid * ID, (mid + 1) * ID); // the entry at mid against id
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The lock as seen run out at an earlier look; marks it kept. */
  recall(id: Buffer): ExpiredLock | undefined {
    const i = this.#find(id);
    if (i < 0) return undefined;
    this.#kept[i] = 1;
    const until = this.until[i]!;
    return { lockMode: MODES[this.modes[i]!]!, ...(!Number.isNaN(until) && { retainUntil: new Date(until) }) };
  }

  /** Seen run out now (again): remembered with this date. */
  add(id: Buffer, lock: ExpiredLock): void {
    this.forget(id);
    const mode = MODES.indexOf(lock.lockMode);
    this.#added.set(id.toString('hex'), { id, until: lock.retainUntil?.getTime() ?? NaN, mode: mode < 0 ? 0 : mode });
  }

  /** Seen locked (or gone): no longer remembered as run out. */
  forget(id: Buffer): void {
    const i = this.#find(id);
    if (i >= 0) this.#kept[i] = 0;
    this.#added.delete(id.toString('hex'));
  }

  /** Those this look recalled or added, sorted and capped: entries of objects no longer listed are dropped. */
  toStored(cap = MAX_EXPIRED): StoredExpired {
    const rows: { id: Buffer; until: number; mode: number }[] = [];
    for (let i = 0; i < this.modes.length; i++) {
      if (this.#kept[i] && !this.#added.has(this.ids.toString('hex', i * ID, (i + 1) * ID))) rows.push({ id: this.ids.subarray(i * ID, (i + 1) * ID), until: this.until[i]!, mode: this.modes[i]! });
    }
    rows.push(...this.#added.values());
    rows.sort((a, b) => a.id.compare(b.id));
    rows.length = Math.min(rows.length, cap);
    const until = new Float64Array(rows.map((r) => r.until));
    return {
      ids: Buffer.concat(rows.map((r) => r.id)).toString('base64'),
      until: Buffer.from(until.buffer).toString('base64'),
      modes: Buffer.from(rows.map((r) => r.mode)).toString('base64'),
    };
  }
}
