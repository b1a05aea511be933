import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { packKey, type BlobLookup, type BlobLocation } from './blob-index.js';
import { openBlobBox, parseTail, unwrapPackKey } from './pack.js';
import { decodeBlob, MAX_DATA_BLOB, MAX_TREE_BLOB } from './blob-codec.js';
import { PackVersions } from './pack-versions.js';
import type { VaultKeys } from './vault-keys.js';
import type { ListedVersion } from '../storage/blob-store.js';
import { BufferPool } from './buffer-pool.js';
import { openDataBlob } from './open-blob.js';
import { RestoreWorkers } from './restore-workers.js';
import type { CheckBatch } from './check-batch.js';
import { CORRUPT, type BatchOutcomes, type WriteBatch } from './write-batch.js';

const TAIL_GUESS = 8 * 1024;
/** What a blob's box adds to its largest content (codec byte, nonce, tag; compression's worst case). */
const BOX_SLACK = 64 * 1024;
/** No pack a writer makes comes near this; a larger one is read in ranges, never into one buffer. */
const WHOLE_PACK_MOST = 256 * 1024 * 1024;

/** A claimed location that does not hold its blob: a forged or wrong index record (or damage). */
export interface BadLocation {
  blob: string;
  location: BlobLocation;
  reason: string;
}
/**
 * Whole packs kept in memory at most (their sizes from the index). A pack leaves as soon as the
 * run has read every blob it wanted from it; this ceiling only decides which waits to be read
 * again when many are half-used at once (the least recently used goes). A restore writes in
 * storage order (write-files.ts), so it holds the pack it reads and the one read ahead: 64 MiB
 * and three reused buffers held the bench corpus's restore to one read of each pack (tree order
 * needed 128 MiB, and more).
 */
const WHOLE_BYTES_KEPT = 64 * 1024 * 1024;
const WHOLE_BUFFERS_KEPT = 3;
/** Decoded data blobs kept for reuse (each at least 1 MiB): four writing lanes and a few spare. */
const DECODED_BUFFERS_KEPT = 8;

/**
 * A whole pack in memory. `pins` counts readers between taking a view of it and being done with
 * that view; an evicted pack's buffer is reused for another pack only once nobody holds it.
 */
interface WholePack {
  bytes: Promise<Buffer>;
  pins: number;
  evicted: boolean;
}

/**
 * Reads and verifies blobs: each is AEAD-opened under its pack's DEK with its id as associated
 * data, decompressed, and its keyed id recomputed. A lie anywhere is an error, never wrong bytes.
 * Whole packs are fetched when the caller will need much of them (restore), ranges otherwise.
 * The index is a hint: when a location does not hold its blob, the blob's other claimed
 * locations are tried, and the bad one is remembered (check names it and who claimed it).
 */
export class PackReader {
  readonly #deks = new Map<string, Buffer>();
  readonly #whole = new Map<string, WholePack>();
  /** Buffers of whole packs read from a local store, reused once their pack is evicted and unpinned. */
  readonly #packBuffers: BufferPool;
  /** Worker threads that write a large restore's blobs (useWorkers); none otherwise. */
  #workers: RestoreWorkers | undefined;
  #workersOn = false;
  readonly #wantWhole = new Map<string, number>(); // pack → position in the plan's reading order
  /** Pack → blob reads the plan still has to make from it: at zero its bytes are let go. */
  readonly #uses = new Map<string, number>();
  #wholeBytes = 0;
  /** The ceiling on whole packs in memory (WHOLE_BYTES_KEPT; a test lowers it to evict constantly). */
  wholeBytesKept = WHOLE_BYTES_KEPT;

  /** Bytes of whole packs held right now (tests: a finished restore holds none). */
  get wholeBytesHeld(): number {
    return this.#wholeBytes;
  }
  readonly firstVersions: PackVersions; // a restore names its packs ahead (VaultReader.willRead)
  readonly #bad = new Map<BlobLocation, BadLocation>();
  /** Decoded data blobs, handed back by a restore once written (release). */
  readonly #decoded = new BufferPool(DECODED_BUFFERS_KEPT);
  #order: string[] = [];

  constructor(
    private readonly store: BlobStore,
    private readonly index: BlobLookup,
    private readonly keys: VaultKeys,
    private readonly identity: RecoveryIdentity,
    /** The vault's chunker maximum: no data blob is larger, so none may decode larger (FORMAT.md). */
    private readonly maxDataBlob = MAX_DATA_BLOB,
    /** The vault's pack size: whole-pack buffers are all one size (room for any pack a writer cuts), so they are reused, never replaced. */
    packSize = 16 * 1024 * 1024,
  ) {
    // Shared memory, read by the restore workers in place: an ArrayBuffer shared with a worker is
    // freed only once both isolates collect it, so buffers of varying sizes piled up (~300 MB).
    this.#packBuffers = new BufferPool(WHOLE_BUFFERS_KEPT, packSize + Math.max(packSize / 4, 5 * 1024 * 1024), true);
    this.firstVersions = new PackVersions(store);
  }

  /**
   * Hint from a restore plan: these packs are needed mostly whole, in this order, each with the
   * number of blob reads the plan will make from it. Each is read in one request, the next one
   * ahead while the current one is decrypted, and kept until its last blob has been read: files
   * are restored in tree order, not in the order their blobs were packed, so a pack of small
   * files may be wanted from the first file to the last (before, a cache of the last four packs
   * read a 1.6 MB pack 700 times in one restore: 4 GB read for a 463 MB vault).
   */
  preferWhole(packs: Iterable<[string, number]>): void {
    for (const [p, uses] of packs) {
      this.#uses.set(p, (this.#uses.get(p) ?? 0) + uses);
      if (this.#wantWhole.has(p)) continue;
      this.#wantWhole.set(p, this.#order.length);
      this.#order.push(p);
    }
  }

  /**
   * Whether the coming restore is large enough for worker threads (writeBlobs, checkFiles). A small
   * one after a large one (a console session) goes back to the main thread; workers still busy
   * with another restore finish its batches and end when idle.
   */
  useWorkers(on: boolean): void {
    if (on) this.#workers ??= new RestoreWorkers(this.keys.idKeyForWorkers());
    this.#workersOn = on;
  }

  /** A restore large enough for workers is being planned: they start now, while the plan walks. */
  readonly warmWorkers = (): void => (this.#workers ??= new RestoreWorkers(this.keys.idKeyForWorkers())).warm();

  get checksFiles(): boolean {
    return this.#workersOn;
  }

  /** Reads restored files back on the restore workers; undefined when the restore did not use them. */
  checkFiles(batch: CheckBatch): Promise<number[]> | undefined {
    return this.#workersOn ? this.#workers?.check(batch.data()) : undefined;
  }

  /** Whether writeBlobs takes this pack: workers are in use and the plan reads it whole. */
  writesBlobs(pack: string): boolean {
    return this.#workersOn && this.#uses.has(pack) && (this.index.packs.get(pack)?.size ?? Infinity) <= WHOLE_PACK_MOST;
  }

  /**
   * Opens, verifies and writes blobs of one whole pack of the plan straight into their files, on
   * the restore workers (the same checks as blobAt, at each blob's first indexed location). A job
   * whose location is not in this pack, is known bad, or fails there comes back CORRUPT with
   * nothing written, its location remembered as bad: the caller reads it through blob(), which
   * tries the blob's other locations.
   */
  async writeBlobs(pack: string, batch: WriteBatch): Promise<BatchOutcomes> {
    const workers = this.#workers!;
    const dek = await this.#dek(pack);
    const whole = this.#pinWhole(pack);
    try {
      const bytes = await whole.bytes;
      const refused: number[] = [];
      let lo = Infinity;
      let hi = 0;
      for (let i = 0; i < batch.length; i++) {
        const loc = this.index.get(batch.ids[i]!);
        if (!loc || loc.pack !== pack || loc.type !== 'data' || loc.offset + loc.length > bytes.length || loc.length > this.maxDataBlob + BOX_SLACK || this.#bad.has(loc)) {
          batch.skip(i);
          refused.push(i);
          continue;
        }
        batch.place(i, loc.offset, loc.length, loc.rawLength, Math.min(loc.rawLength, this.maxDataBlob));
        lo = Math.min(lo, loc.offset);
        hi = Math.max(hi, loc.offset + loc.length);
      }
      let out: BatchOutcomes = { codes: new Uint8Array(batch.length), reasons: {} };
      if (refused.length < batch.length) {
        batch.shift(lo);
        out = await workers.write(pack, dek, regionOf(bytes, lo, hi), batch.data());
        out.codes.forEach((code, i) => {
          if (code !== CORRUPT) return;
          const loc = this.index.get(batch.ids[i]!)!;
          this.#bad.set(loc, { blob: batch.ids[i]!, location: loc, reason: out.reasons[i]! });
        });
      }
      for (const i of refused) {
        out.codes[i] = CORRUPT;
        out.reasons[i] = `blob ${batch.ids[i]!.slice(0, 12)} is not where its index record says`;
      }
      return out;
    } finally {
      this.#unpin(whole);
      for (let i = 0; i < batch.length; i++) this.#used(pack);
    }
  }

  /** A whole pack as its writer stored it (the first version), for check --read-data. */
  readPack(pack: string): Promise<Buffer> {
    return this.#get(pack);
  }

  /** Seeds the whole-pack cache with bytes the caller already read (check reads every pack). */
  remember(pack: string, bytes: Buffer): void {
    if (!this.#wantWhole.has(pack)) this.#wantWhole.set(pack, -1);
    this.#whole.set(pack, { bytes: Promise.resolve(bytes), pins: 0, evicted: false });
    this.#wholeBytes += this.#sizeOf(pack);
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

  /** Hands back a data blob's bytes once the caller is done with them (and keeps no view of them). */
  release(bytes: Buffer): void {
    this.#decoded.release(bytes);
  }

  /** The blob at exactly this location, verified; no fallback (check uses it to test each claim). */
  async blobAt(id: string, loc: BlobLocation): Promise<Buffer> {
    const what = `blob ${id.slice(0, 12)} in pack ${loc.pack.slice(0, 12)}`;
    // A record's length is a claim: one no blob of its type can have is not fetched at all.
    const most = (loc.type === 'tree' ? MAX_TREE_BLOB : this.maxDataBlob) + BOX_SLACK;
    if (loc.length > most) throw new BulkheadError('CORRUPT', `${what}: its index record claims ${loc.length} bytes, more than a ${loc.type} blob can be`);
    // The key first: no wait may fall between taking a view of a whole pack and opening the box.
    const dek = await this.#dek(loc.pack);
    const size = (await this.#listed(packKey(loc.pack)))?.size ?? 0;
    const whole = this.#wantWhole.has(loc.pack) && size <= WHOLE_PACK_MOST ? this.#pinWhole(loc.pack) : undefined;
    try {
      const box = whole ? (await whole.bytes).subarray(loc.offset, loc.offset + loc.length) : await this.#get(loc.pack, { start: loc.offset, end: loc.offset + loc.length });
      // The index's rawLength is a hint an attacker may forge; the type's ceiling is not.
      const ceiling = Math.min(loc.rawLength, loc.type === 'tree' ? MAX_TREE_BLOB : this.maxDataBlob);
      const plain = loc.type === 'data' ? openDataBlob(dek, box, id, what, ceiling, this.#decoded) : decodeBlob(openBlobBox(dek, box, id, what), what, ceiling);
      if (plain.length !== loc.rawLength || this.keys.blobId(plain) !== id) {
        this.#decoded.release(plain);
        throw new BulkheadError('CORRUPT', `${what} does not match its id`);
      }
      return plain;
    } finally {
      if (whole) {
        this.#unpin(whole);
        this.#used(loc.pack);
      }
    }
  }

  /** One of the plan's reads from this pack is done; after the last, the pack is let go. */
  #used(pack: string): void {
    if (!this.#uses.has(pack)) return; // not from a plan (check seeds whole packs): the ceiling decides
    const left = this.#uses.get(pack)! - 1;
    if (left > 0) return void this.#uses.set(pack, left);
    this.#uses.delete(pack);
    this.#evict(pack);
  }

  #evict(pack: string): void {
    const entry = this.#whole.get(pack);
    if (!entry) return;
    this.#whole.delete(pack);
    this.#wholeBytes -= this.#sizeOf(pack);
    entry.evicted = true;
    this.#recycle(entry);
  }

  #sizeOf = (pack: string): number => this.index.packs.get(pack)?.size ?? 0;

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
  #listed(key: string): Promise<ListedVersion | undefined> {
    return this.firstVersions.get(key);
  }

  /**
   * Keeps the last few whole packs; concurrent callers share one fetch of the same pack. Pinned
   * before anything waits: the caller unpins once it no longer holds a view of the bytes.
   */
  #pinWhole(pack: string): WholePack {
    let entry = this.#whole.get(pack);
    if (entry) {
      this.#whole.delete(pack); // re-insert: most recently used last
    } else {
      entry = this.#fetch(pack);
      this.#wholeBytes += this.#sizeOf(pack);
      // Read ahead where a read waits on a network (S3). A local pack is read in milliseconds while
      // the workers still have the last pack's batches: reading it ahead only held a third 21 MiB
      // buffer through the whole restore (#14).
      const next = this.store.rangedReadsCheap ? undefined : this.#order[(this.#wantWhole.get(pack) ?? -2) + 1];
      if (next && !this.#whole.has(next)) {
        this.#whole.set(next, this.#fetch(next)); // read ahead
        this.#wholeBytes += this.#sizeOf(next);
      }
    }
    entry.pins++;
    this.#whole.set(pack, entry);
    // Over the ceiling: the least recently used go first (never the one just taken).
    for (const oldest of this.#whole.keys()) {
      if (this.#wholeBytes <= this.wholeBytesKept || this.#whole.size <= 2) break;
      if (oldest !== pack) this.#evict(oldest);
    }
    return entry;
  }

  #unpin(entry: WholePack): void {
    entry.pins--;
    this.#recycle(entry);
  }

  #recycle(entry: WholePack): void {
    if (entry.evicted && entry.pins === 0) entry.bytes.then((b) => this.#packBuffers.release(b), () => {});
  }

  #fetch(pack: string): WholePack {
    const bytes = this.#readWhole(pack);
    const entry: WholePack = { bytes, pins: 0, evicted: false };
    bytes.catch(() => {
      if (this.#whole.get(pack) === entry) {
        this.#whole.delete(pack);
        this.#wholeBytes -= this.#sizeOf(pack);
      }
    });
    return entry;
  }

  /** A whole pack (its first version), into a reused buffer where the store reads into one. */
  async #readWhole(pack: string): Promise<Buffer> {
    const key = packKey(pack);
    const listed = await this.#listed(key);
    const size = listed?.size ?? this.index.packs.get(pack)?.size;
    const into = this.store.readsInto && size !== undefined ? this.#packBuffers.take(size) : undefined;
    return this.store.get(key, { ...(listed?.versionId && { versionId: listed.versionId }), ...(into && { into }) });
  }

  async #dek(pack: string): Promise<Buffer> {
    const known = this.#deks.get(pack);
    if (known) return known;
    // The store's size, not the index's: a forged record must not make a good pack unreadable.
    const size = (await this.#listed(packKey(pack)))?.size ?? this.index.packs.get(pack)?.size;
    if (size === undefined) throw new BulkheadError('NOT_FOUND', `pack ${pack.slice(0, 12)} is not in the vault index`);
    const whole = this.#whole.get(pack);
    if (whole) whole.pins++;
    try {
      const tail = whole ? await whole.bytes : await this.#get(pack, { start: Math.max(0, size - TAIL_GUESS), end: size });
      const what = `pack ${pack.slice(0, 12)}`;
      const { stanzas } = parseTail(tail, size, what);
      const dek = unwrapPackKey(stanzas, this.identity.decryptionSecret, what);
      this.#deks.set(pack, dek);
      return dek;
    } finally {
      if (whole) this.#unpin(whole);
    }
  }

  wipe(): void {
    void this.#workers?.close();
    this.#workers = undefined;
    this.#workersOn = false;
    for (const dek of this.#deks.values()) dek.fill(0);
    this.#deks.clear();
    this.#whole.clear();
    this.#wholeBytes = 0;
    this.#uses.clear();
    this.#bad.clear();
  }
}

/**
 * The bytes the workers need (the jobs' offsets are made relative to `lo`): a view when the pack
 * lies in shared memory (posted without a copy), else a copy of just that span (posting a view of
 * an ordinary buffer would copy the whole buffer under it).
 */
function regionOf(bytes: Buffer, lo: number, hi: number): Uint8Array {
  return bytes.buffer instanceof SharedArrayBuffer ? bytes.subarray(lo, hi) : Uint8Array.prototype.slice.call(bytes, lo, hi);
}
