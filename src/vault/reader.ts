import { dirname } from 'node:path';
import type { BlobStore } from '../storage/blob-store.js';
import type { RecoveryIdentity } from '../keys/identity.js';
import { unwrap } from '../crypto/wrap.js';
import { BulkheadError, isBulkheadError } from '../util/errors.js';
import { genesisCustodyKey, loadConfig, type LoadedConfig } from './load-config.js';
import { loadReaderIndex } from './reader-load.js';
import type { BlobLookup } from './blob-index.js';
import { CoveredLookup } from './covered-lookup.js';
import { PackReader } from './pack-reader.js';
import { listSnapshots, type SnapshotListing } from './snapshot-list.js';
import { systemClock, type Clock } from '../util/clock.js';
import { readPlan } from './read-plan.js';
import { listResolved } from './listing.js';
import { decodeTree, type ReadTree } from './tree.js';
import { VaultKeys } from './vault-keys.js';
import { TreeCache } from './tree-cache.js';
import type { CheckBatch } from './check-batch.js';
import type { BatchOutcomes, WriteBatch } from './write-batch.js';

/** A restore that reads this much starts restore workers (a worker's start costs ~0.3 CPU s). */
const WORKERS_FROM_BYTES = 32 * 1024 * 1024;

/** The operator's view of a vault: everything it returns was verified on the way in. */
export class VaultReader {
  /** Decoded trees, bounded (tree-cache.ts). */
  readonly trees = new TreeCache();
  /** A restore reading this many bytes or more writes through restore workers (tests lower it). */
  workersFromBytes = WORKERS_FROM_BYTES;
  /** The listing, one per reader: posture and the snapshot list ask at once (the Dashboard), and each listed and decoded it. */
  #snapshots?: Promise<SnapshotListing>;

  #index?: CoveredLookup;
  #packs?: PackReader;
  #loading?: Promise<BlobLookup>;
  #closed = false;

  private constructor(
    readonly store: BlobStore,
    readonly identity: RecoveryIdentity,
    readonly loaded: LoadedConfig,
    readonly keys: VaultKeys,
    /** This vault's local cache folder (the index cache's parent), when the caller keeps one. */
    readonly cacheDir: string | undefined,
    private readonly indexDir: string | undefined,
    /** "Now" for the snapshot listing: a snapshot dated later is flagged (snapshot-list.ts futureTime). */
    private readonly clock: Clock,
  ) {}

  /**
   * indexCache names a local folder for the vault's (still encrypted) index segments. `lazyIndex`:
   * the index is loaded on first use (tree, blob, indexed()) instead of now, for callers that may
   * need no blob at all (snapshots, posture: the snapshot list and the counts caches answer them).
   * `clock`: this machine's time, which no snapshot may be dated after (the system's by default).
   */
  static async open(store: BlobStore, identity: RecoveryIdentity, indexCache?: (vaultId: string) => string, opts: { lazyIndex?: boolean; clock?: Clock } = {}): Promise<VaultReader> {
    // The custody identity verifies the config with its own key; another recipient (break-glass)
    // anchors on the key the vault's first, locked config names, then must be able to unwrap.
    const genesis = await genesisCustodyKey(store);
    const loaded = await loadConfig(store, genesis.equals(identity.custodyPublic) ? identity.custodyPublic : genesis);
    const body = loaded.config.body;
    let dedup: Buffer;
    try {
      dedup = unwrap(body.dedupStanzas, identity.decryptionSecret, `vault ${body.vaultId}`);
    } catch (e) {
      throw new BulkheadError('NEEDS_IDENTITY', `this identity is not a recipient of vault ${body.vaultId} at ${store.url}`, { cause: e });
    }
    const keys = new VaultKeys(dedup);
    dedup.fill(0);
    const indexDir = indexCache?.(body.vaultId);
    const reader = new VaultReader(store, identity, loaded, keys, indexDir && dirname(indexDir), indexDir, opts.clock ?? systemClock);
    if (!opts.lazyIndex) await reader.indexed();
    return reader;
  }

  /** The vault's index, loaded once (a failed load is tried again on the next call). */
  indexed(): Promise<BlobLookup> {
    this.#loading ??= loadReaderIndex(this.store, this.keys.indexKey, this.config.writers, this.indexDir, this.identity.decryptionSecret).then(
      (loaded) => {
        // closed while loading: nothing may keep the file open
        if (this.#closed) loaded.close?.();
        const index = new CoveredLookup(loaded, this.store, this.identity.decryptionSecret);
        if (!this.#closed) [this.#index, this.#packs] = [index, new PackReader(this.store, index, this.keys, this.identity, this.config.chunker.max, this.config.packSize)];
        return index;
      },
      (e: unknown) => {
        this.#loading = undefined;
        throw e;
      },
    );
    return this.#loading;
  }

  /** The loaded index: a reader opened with `lazyIndex` must await indexed() (or read a tree or blob) first. */
  get index(): BlobLookup {
    if (!this.#index) throw new Error('the vault index is not loaded yet: await reader.indexed() first');
    return this.#index;
  }

  /** Reads blobs through the loaded index (as `index`). */
  get packs(): PackReader {
    if (!this.#packs) throw new Error('the vault index is not loaded yet: await reader.indexed() first');
    return this.#packs;
  }

  get config() {
    return this.loaded.config.body;
  }

  snapshots(): Promise<SnapshotListing> {
    if (!this.#snapshots) {
      const listing = listSnapshots(this.store, this.config, this.identity, { cacheDir: this.cacheDir, clock: this.clock });
      listing.catch(() => {
        if (this.#snapshots === listing) this.#snapshots = undefined; // a failed listing is tried again on the next ask
      });
      this.#snapshots = listing;
    }
    return this.#snapshots;
  }

  /** Whether the store holds snapshot keys this reader has not read: one listing, nothing decrypted. */
  async hasNewSnapshots(): Promise<boolean> {
    const { listed } = await this.snapshots();
    return (await listResolved(this.store, 'snapshots/')).objects.size !== listed;
  }

  /** Trees being read now: a second caller (Browse while the console warms it ahead) waits for the same read. */
  readonly #treesReading = new Map<string, Promise<ReadTree>>();

  /** A verified tree; its refused entries are listed apart (tree.ts). Errors name the tree. */
  async tree(id: string): Promise<ReadTree> {
    const cached = this.trees.get(id);
    if (cached) return cached;
    let reading = this.#treesReading.get(id);
    if (!reading) {
      reading = this.#readTree(id).finally(() => this.#treesReading.delete(id));
      this.#treesReading.set(id, reading);
    }
    return reading;
  }

  async #readTree(id: string): Promise<ReadTree> {
    await this.indexed();
    const bytes = await this.#orFooters(id).catch((e: unknown) => {
      throw isBulkheadError(e) ? new BulkheadError(e.code, `tree ${id.slice(0, 12)} cannot be read: ${e.message}`, { cause: e }) : e;
    });
    let tree: ReadTree;
    try {
      tree = decodeTree(bytes);
    } catch {
      throw new BulkheadError('CORRUPT', `tree ${id.slice(0, 12)} is not a valid tree`);
    }
    this.trees.set(id, tree);
    return tree;
  }

  async blob(id: string): Promise<Buffer> {
    await this.indexed();
    return this.#orFooters(id);
  }

  /** Reads the footers of the stored packs no index segment records, once (covered-lookup.ts). */
  async coverIndex(): Promise<void> {
    await this.indexed();
    await this.#index!.cover();
  }

  /**
   * A blob no index segment records is looked for in the footers of the stored packs none records
   * (covered-lookup.ts): once per reader, and only when a blob is not found.
   */
  async #orFooters(id: string): Promise<Buffer> {
    try {
      return await this.packs.blob(id);
    } catch (e) {
      const index = this.#index!;
      if (!isBulkheadError(e, 'NOT_FOUND') || index.has(id)) throw e;
      await index.cover();
      if (!index.has(id)) throw e;
      return this.packs.blob(id);
    }
  }

  placeOf(id: string): { pack: string; offset: number; rawLength: number } | undefined {
    return this.index.get(id);
  }

  /**
   * A restore is about to read these blobs in this order: packs it needs mostly whole are read in
   * one piece, one ahead, and let go after their last read (PackReader.preferWhole). Called by the
   * run, not the plan: a plan shown twice, or never run, holds nothing.
   */
  willRead(ids: Iterable<string>): void {
    const plan = readPlan(this.index, ids, !!this.store.rangedReadsCheap);
    this.packs.firstVersions.prime(plan.packIds);
    this.packs.preferWhole(plan.whole);
    this.packs.useWorkers(plan.packBytes >= this.workersFromBytes);
  }

  /**
   * A plan about to be run has found this many bytes so far: once that is enough for restore
   * workers, they start while the plan goes on walking (their start overlaps the walk).
   */
  expectRestore(bytes: number): void {
    if (bytes >= this.workersFromBytes) this.#packs?.warmWorkers();
  }

  writesBlobs(pack: string): boolean {
    return this.packs.writesBlobs(pack);
  }

  writeBlobs(pack: string, batch: WriteBatch): Promise<BatchOutcomes> {
    return this.packs.writeBlobs(pack, batch);
  }

  /** Whether the last restore used workers, so its read-back can too. */
  get checksFiles(): boolean {
    return this.packs.checksFiles;
  }

  /** Reads back files the last restore wrote, on its workers; undefined when it used none. */
  checkFiles(batch: CheckBatch): Promise<number[]> | undefined {
    return this.packs.checkFiles(batch);
  }

  /** A blob's bytes are no longer used by the caller (a restore wrote them): their memory is reused. */
  release(bytes: Buffer): void {
    this.packs.release(bytes);
  }

  close(): void {
    this.#closed = true;
    this.#packs?.wipe();
    this.keys.wipe();
    this.#index?.close?.();
  }
}
