import type { BlobStore } from '../../src/storage/blob-store.js';
import type { WriterCredential } from '../../src/keys/writer-credential.js';
import { loadConfig } from '../../src/vault/load-config.js';
import { loadIndex } from '../../src/vault/load-index.js';
import { VaultKeys } from '../../src/vault/vault-keys.js';
import { VaultWriter } from '../../src/vault/writer.js';
import { encodeTree, type TreeEntry } from '../../src/vault/tree.js';
import type { SourceRecord } from '../../src/vault/snapshot.js';
import { systemClock, type Clock } from '../../src/util/clock.js';

const MTIME = 1_600_000_000_000_000;

/**
 * A hijacked agent forging snapshot content: it holds only the writer credential and the store,
 * and uses the project's own writer, so every pack, tree and snapshot it makes is validly sealed
 * and signed. Trees are written exactly as given (any names, any order, duplicates).
 */
export class RogueWriter {
  private constructor(private readonly w: VaultWriter) {}

  /** `clock`: the time its snapshots claim (the agent's own clock, which it sets as it likes). */
  static async open(store: BlobStore, credential: WriterCredential, clock: Clock = systemClock): Promise<RogueWriter> {
    const { config } = await loadConfig(store, Buffer.from(credential.custodyPublic, 'base64'));
    const keys = new VaultKeys(Buffer.from(credential.dedupSecret, 'base64'));
    const index = await loadIndex(store, keys.indexKey, config.body.writers);
    keys.wipe();
    return new RogueWriter(new VaultWriter({ store, credential, config: config.body, index, clock, previousSnapshot: null }));
  }

  async file(name: string, content: string, extra: Partial<TreeEntry> = {}): Promise<TreeEntry> {
    const id = await this.w.add('data', Buffer.from(content));
    return { name, kind: 'file', mode: 0o644, mtime: MTIME, size: Buffer.byteLength(content), blobs: [id], ...extra };
  }

  async dir(name: string, entries: TreeEntry[], extra: Partial<TreeEntry> = {}): Promise<TreeEntry> {
    return { name, kind: 'dir', mode: 0o755, mtime: MTIME, size: 0, subtree: await this.tree(entries), ...extra };
  }

  link(name: string, target: string): TreeEntry {
    return { name, kind: 'symlink', mode: 0o777, mtime: MTIME, size: 0, target };
  }

  /** A folder whose subtree is any bytes stored as a tree blob, or an id the vault does not hold. */
  async brokenDir(name: string, bytes?: Buffer): Promise<TreeEntry> {
    const subtree = bytes ? await this.w.add('tree', bytes) : 'f'.repeat(64);
    return { name, kind: 'dir', mode: 0o755, mtime: MTIME, size: 0, subtree };
  }

  tree(entries: TreeEntry[]): Promise<string> {
    return this.w.add('tree', encodeTree({ entries }));
  }

  /** Any JSON as a tree-type blob (a git source's manifest is one). */
  json(value: unknown): Promise<string> {
    return this.w.add('tree', Buffer.from(JSON.stringify(value)));
  }

  /** Signs a snapshot whose sources are the given roots (dir sources unless said), and returns its id. */
  async snapshot(sources: (Partial<SourceRecord> & { name: string; root: string })[], tags: string[] = []): Promise<string> {
    const records = sources.map((s): SourceRecord => ({ kind: 'dir', locator: '/forged', stats: { files: 0, dirs: 0, bytes: 0 }, ...s }));
    try {
      return (await this.w.commit(records, tags, 0)).manifest.id;
    } finally {
      await this.w.close();
    }
  }
}
