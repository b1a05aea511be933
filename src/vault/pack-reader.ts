import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { packKey, type BlobIndex, type BlobLocation } from './blob-index.js';
import { openBlobBox, parseTail, unwrapPackKey } from './pack.js';
import { decodeBlob, MAX_DATA_BLOB, MAX_TREE_BLOB } from './blob-codec.js';
import { listResolved } from './listing.js';
import type { VaultKeys } from './vault-keys.js';
import type { ListedVersion } from '../storage/blob-store.js';

const TAIL_GUESS = 8 * 1024;

/** A claimed location that does not hold its blob: a forged or wrong index record (or damage). */
export interface BadLocation {
  blob: string;
  location: BlobLocation;
  reason: string;
}
const WHOLE_PACKS_KEPT = 4;

/**
 * Reads and verifies blobs: each is AEAD-opened under its pack's DEK with its id as associated
 * data, decompressed, and its keyed id recomputed. A lie anywhere is an error, never wrong bytes.
 * Whole packs are fetched when the caller will need much of them (restore), ranges otherwise.
 * The index is a hint: when a location does not hold its blob, the blob's other claimed
 * locations are tried, and the bad one is remembered (check names it and who claimed it).
 */
export class PackReader {
  readonly #deks = new Map<string, Buffer>();
  readonly #whole = new Map<string, Promise<Buffer>>();
  readonly #wantWhole = new Map<string, number>(); // pack → position in the plan's reading order
  #firstVersions?: Promise<Map<string, ListedVersion>>;
  readonly #bad = new Map<BlobLocation, BadLocation>();
  #order: string[] = [];

  constructor(
    private readonly store: BlobStore,
    private readonly index: BlobIndex,
    private readonly keys: VaultKeys,
    private readonly identity: RecoveryIdentity,
    /** The vault's chunker maximum: no data blob is larger, so none may decode larger (FORMAT.md). */
    private readonly maxDataBlob = MAX_DATA_BLOB,
  ) {}

  /**
   * Hint from a restore plan: these packs are needed mostly whole, in this order. Each is read in
   * one request, and the next one is read ahead while the current one is decrypted.
   */
  preferWhole(packs: Iterable<string>): void {
    for (const p of packs) {
      if (this.#wantWhole.has(p)) continue;
      this.#wantWhole.set(p, this.#order.length);
      this.#order.push(p);
    }
  }

  /** A whole pack as its writer stored it (the first version), for check --read-data. */
  readPack(pack: string): Promise<Buffer> {
    return this.#get(pack);
  }

  /** Seeds the whole-pack cache with bytes the caller already read (check reads every pack). */
  remember(pack: string, bytes: Buffer): void {
    if (!this.#wantWhole.has(pack)) this.#wantWhole.set(pack, -1);
    this.#whole.set(pack, Promise.resolve(bytes));
  }

  /** Locations found not to hold their blob so far, in the order found. */
  get badLocations(): BadLocation[] {
    return [...this.#bad.values()];
  }

  async blob(id: string): Promise<Buffer> {
    const primary = this.index.get(id);
    if (!primary) throw new BulkheadError('NOT_FOUND', `blob ${id.slice(0, 12)} is not in the vault index`);
    let failure: BulkheadError | undefined;
    for (let i = -1, others = this.index.others(id); i < others.length; i++) {
      const loc = i < 0 ? primary : others[i]!;
      const bad = this.#bad.get(loc);
      if (bad) {
        failure ??= new BulkheadError('CORRUPT', bad.reason);
        continue;
      }
      try {
        return await this.blobAt(id, loc);
      } catch (e) {
        if (!isBulkheadError(e)) throw e;
        failure ??= e;
        // Not an answer about the location: a store outage, or a pack this identity cannot open.
        if (e.code !== 'STORE' && e.code !== 'NEEDS_IDENTITY') this.#bad.set(loc, { blob: id, location: loc, reason: e.message });
      }
    }
    throw failure!;
  }

  /** The blob at exactly this location, verified; no fallback (check uses it to test each claim). */
  async blobAt(id: string, loc: BlobLocation): Promise<Buffer> {
    const what = `blob ${id.slice(0, 12)} in pack ${loc.pack.slice(0, 12)}`;
    const box = await this.#box(loc);
    const dek = await this.#dek(loc.pack);
    // The index's rawLength is a hint an attacker may forge; the type's ceiling is not.
    const ceiling = Math.min(loc.rawLength, loc.type === 'tree' ? MAX_TREE_BLOB : this.maxDataBlob);
    const plain = decodeBlob(openBlobBox(dek, box, id, what), what, ceiling);
    if (plain.length !== loc.rawLength || this.keys.blobId(plain) !== id) {
      throw new BulkheadError('CORRUPT', `${what} does not match its id`);
    }
    return plain;
  }

  async #box(loc: BlobLocation): Promise<Buffer> {
    const whole = this.#wantWhole.has(loc.pack) ? await this.#wholePack(loc.pack) : undefined;
    if (whole) return whole.subarray(loc.offset, loc.offset + loc.length);
    return this.#get(loc.pack, { start: loc.offset, end: loc.offset + loc.length });
  }

  /**
   * Reads the first version of a pack, the one its writer put under lock: a later version
   * (an overwrite) or a delete marker on top changes nothing (FORMAT.md, reading through attacks).
   */
  async #get(pack: string, range?: { start: number; end: number }): Promise<Buffer> {
    const key = packKey(pack);
    const versionId = (await this.#listed(key))?.versionId;
    return this.store.get(key, { ...(versionId && { versionId }), ...(range && { range }) });
  }

  /** The pack's first version as listed (undefined for a pack written after this reader listed). */
  async #listed(key: string): Promise<ListedVersion | undefined> {
    this.#firstVersions ??= listResolved(this.store, 'data/').then((l) => l.objects);
    return (await this.#firstVersions).get(key);
  }

  /** Keeps the last few whole packs; concurrent callers share one fetch of the same pack. */
  #wholePack(pack: string): Promise<Buffer> {
    let bytes = this.#whole.get(pack);
    if (bytes) {
      this.#whole.delete(pack); // re-insert: most recently used last
    } else {
      bytes = this.#fetch(pack);
      const next = this.#order[(this.#wantWhole.get(pack) ?? -2) + 1];
      if (next && !this.#whole.has(next)) this.#whole.set(next, this.#fetch(next)); // read ahead
    }
    this.#whole.set(pack, bytes);
    while (this.#whole.size > WHOLE_PACKS_KEPT) this.#whole.delete(this.#whole.keys().next().value!);
    return bytes;
  }

  #fetch(pack: string): Promise<Buffer> {
    const bytes = this.#get(pack);
    bytes.catch(() => this.#whole.delete(pack));
    return bytes;
  }

  async #dek(pack: string): Promise<Buffer> {
    const known = this.#deks.get(pack);
    if (known) return known;
    // The store's size, not the index's: a forged record must not make a good pack unreadable.
    const size = (await this.#listed(packKey(pack)))?.size ?? this.index.packs.get(pack)?.size;
    if (size === undefined) throw new BulkheadError('NOT_FOUND', `pack ${pack.slice(0, 12)} is not in the vault index`);
    const whole = this.#whole.get(pack);
    const tail = (await whole) ?? (await this.#get(pack, { start: Math.max(0, size - TAIL_GUESS), end: size }));
    const what = `pack ${pack.slice(0, 12)}`;
    const { stanzas } = parseTail(tail, size, what);
    const dek = unwrapPackKey(stanzas, this.identity.decryptionSecret, what);
    this.#deks.set(pack, dek);
    return dek;
  }

  wipe(): void {
    for (const dek of this.#deks.values()) dek.fill(0);
    this.#deks.clear();
    this.#whole.clear();
    this.#bad.clear();
  }
}
