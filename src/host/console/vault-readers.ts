import type { VaultReader } from '../../vault/reader.js';
import type { BlobStore } from '../../storage/blob-store.js';
import { openVault } from '../../ops/open-vault.js';
import { BulkheadError, isBulkheadError } from '../../util/errors.js';
import type { HostContext } from '../context.js';
import type { IdentitySession } from './identity-session.js';
import type { VaultRecords } from '../../catalog/vault-records.js';

/**
 * A re-read of the same vault by the same identity (a refresh, a new backup seen) keeps the trees the
 * last read decoded: a tree id names one content for good, and a 100,000-entry folder is ~0.4 s to
 * decode again. The reader's cache stays bounded (tree-cache.ts).
 */
export function keepTrees(before: VaultReader | undefined, fresh: VaultReader): VaultReader {
  if (before && before.config.vaultId === fresh.config.vaultId && before.identity.recipientFingerprint === fresh.identity.recipientFingerprint) fresh.trees.adopt(before.trees);
  return fresh;
}

/** Stores and unlocked readers of the console's vaults, opened once and dropped on lock. */
export class VaultReaders {
  readonly #stores = new Map<string, Promise<BlobStore>>();
  readonly #readers = new Map<string, Promise<VaultReader>>();
  /** Readers a running job uses: dropping one (a lock, a refresh) closes it only when its jobs end. */
  readonly #leases = new Map<VaultReader, number>();
  readonly #closing = new Set<VaultReader>();

  constructor(
    private readonly host: HostContext,
    private readonly records: VaultRecords,
    private readonly session: IdentitySession,
  ) {
    session.onLock(() => this.closeReaders());
  }

  store(vaultId: string): Promise<BlobStore> {
    let store = this.#stores.get(vaultId);
    if (!store) {
      store = this.host.openStore(this.records.get(vaultId).url);
      store.catch(() => this.#stores.delete(vaultId));
      this.#stores.set(vaultId, store);
    }
    return store;
  }

  /**
   * An unlocked reader; `refresh` re-reads config, index and snapshots (new backups appear).
   * `watch` is the console's background check: it re-reads only when new snapshot keys exist, and
   * does not count as activity, so watching never keeps an idle console unlocked. `index: false`
   * (the snapshot list, posture): the reader's index is left to load on first use, as the caches
   * usually answer them without a blob; every other caller gets it loaded.
   */
  async reader(vaultId: string, refresh = false, watch = false, { index = true } = {}): Promise<VaultReader> {
    const reader = await this.#reader(vaultId, refresh, watch);
    if (index) await reader.indexed();
    return reader;
  }

  async #reader(vaultId: string, refresh: boolean, watch: boolean): Promise<VaultReader> {
    const identity = watch ? this.session.peek() : this.session.identity;
    const open = this.#readers.get(vaultId);
    if (watch && open && !(await (await open).hasNewSnapshots())) return open;
    const before = refresh || watch ? this.#readers.get(vaultId) : undefined;
    if (refresh || watch) this.drop(vaultId);
    let reader = this.#readers.get(vaultId);
    if (!reader) {
      reader = this.store(vaultId)
        .then((store) => openVault(store, identity, this.host.cacheRoot, { lazyIndex: true, clock: this.host.clock }))
        .then(async (fresh) => keepTrees(await before?.catch(() => undefined), fresh))
        .catch((e: unknown) => {
          throw this.#notRecipient(vaultId, e);
        });
      reader.catch(() => this.#readers.delete(vaultId));
      this.#readers.set(vaultId, reader);
    }
    return reader;
  }

  /**
   * Unlocking is for the console, not one vault: an identity that reads one vault may not be a
   * recipient of another. Said with which identity is unlocked, which this vault was connected
   * with, and what to do (the console showed "Unlocked" beside an empty table and no way on).
   */
  #notRecipient(vaultId: string, e: unknown): unknown {
    if (!isBulkheadError(e, 'NEEDS_IDENTITY')) return e;
    const unlocked = this.session.state().identityPath;
    const own = this.records.get(vaultId).identityPath;
    const hint = own && own !== unlocked ? ` (${own}, given when it was connected)` : '';
    return new BulkheadError('NEEDS_IDENTITY', `${e.message}: the identity unlocked now${unlocked ? ` (${unlocked})` : ''} cannot read it. Lock, then unlock with this vault's identity${hint}, or choose another vault`, { cause: e });
  }

  /** Keeps a reader open for a job until the returned release is called. */
  lease(reader: VaultReader): () => void {
    this.#leases.set(reader, (this.#leases.get(reader) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.#leases.get(reader) ?? 1) - 1;
      if (n > 0) return void this.#leases.set(reader, n);
      this.#leases.delete(reader);
      if (this.#closing.delete(reader)) reader.close();
    };
  }

  drop(vaultId: string): void {
    const reader = this.#readers.get(vaultId);
    this.#readers.delete(vaultId);
    reader?.then((r) => (this.#leases.has(r) ? this.#closing.add(r) : r.close()), () => {});
  }

  forget(vaultId: string): void {
    this.drop(vaultId);
    this.#stores.delete(vaultId);
  }

  closeReaders(): void {
    for (const id of [...this.#readers.keys()]) this.drop(id);
  }
}
