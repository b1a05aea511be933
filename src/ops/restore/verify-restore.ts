import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { nameBytes, storedName, type TreeEntry } from '../../vault/tree.js';
import { locate, snapshotRoot } from '../../vault/browse.js';
import { liveHasher } from '../diff/live-compare.js';
import type { Change, ChangedField } from '../diff/diff-entries.js';
import { LiveHasher } from './live-hash.js';

export interface VerifyOptions {
  /** Checked between files: an aborted read-back stops with the signal's reason. */
  signal?: AbortSignal;
  /** Files and bytes read back so far (a few times a second at most). */
  progress?: (done: { files: number; bytes: number }) => void;
  /** Paths (relative, "/"-joined) the restore left out and named already: not differences. */
  leftOut?: ReadonlySet<string>;
  /** The target held other things before (an overwrite): entries the snapshot lacks are not differences. */
  ignoreExtra?: boolean;
}

const SLASH = Buffer.from('/');
const YIELD_MS = 30;

/**
 * Reads back what a restore wrote and compares it with the snapshot: every file re-cut and
 * re-hashed with the vault's keyed chunker, every mode, mtime and symlink target. `target` is the
 * folder the restore was given. Returns the differences (none means verified). Walks the snapshot
 * and the disk side by side with synchronous calls (a thread-pool round trip per small file costs
 * more than the file), yielding to the event loop every few milliseconds.
 */
export async function verifyRestored(reader: VaultReader, snap: SnapshotInfo, path: string, target: string, opts: VerifyOptions = {}): Promise<Change[]> {
  const walk = new ReadBack(reader, opts);
  const at = await locate(reader, snap.manifest, path);
  if (at.entry && at.entry.kind !== 'dir') {
    // A restored file lands inside the target folder under its own name.
    await walk.entry(at.entry, Buffer.concat([Buffer.from(target), SLASH, nameBytes(at.entry)]), at.entry.name);
  } else {
    const entries = !at.entry ? (await snapshotRoot(reader, snap.manifest)).entries : at.entry.subtree ? (await reader.tree(at.entry.subtree)).entries : [];
    await walk.folder(entries, Buffer.from(target), '');
  }
  walk.report();
  return walk.changes;
}

class ReadBack {
  readonly changes: Change[] = [];
  readonly #hasher: LiveHasher;
  #files = 0;
  #bytes = 0;
  #since = performance.now();

  constructor(
    private readonly reader: VaultReader,
    private readonly opts: VerifyOptions,
  ) {
    this.#hasher = new LiveHasher(liveHasher(reader));
  }

  readonly #rawLength = (id: string): number | undefined => this.reader.index.get(id)?.rawLength;

  report(): void {
    this.opts.progress?.({ files: this.#files, bytes: this.#bytes });
  }

  async folder(entries: readonly TreeEntry[], dir: Buffer, prefix: string): Promise<void> {
    const onDisk = new Map<string, Buffer>();
    if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) for (const raw of readdirSync(dir, { encoding: 'buffer' })) onDisk.set(raw.toString('hex'), raw);
    for (const e of entries) {
      const raw = nameBytes(e);
      onDisk.delete(raw.toString('hex'));
      const shown = `${prefix}${e.name}`;
      if (this.opts.leftOut?.has(shown)) continue;
      await this.entry(e, Buffer.concat([dir, SLASH, raw]), shown);
    }
    if (this.opts.ignoreExtra) return;
    for (const raw of onDisk.values()) this.changes.push({ type: 'added', path: `${prefix}${storedName(raw).name}`, kind: 'file' });
  }

  async entry(e: TreeEntry, path: Buffer, shown: string): Promise<void> {
    await this.#pace();
    const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!st) return void this.changes.push({ type: 'removed', path: shown, kind: e.kind });
    const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
    if (kind !== e.kind) return void this.changes.push({ type: 'changed', path: shown, kind: e.kind, fields: ['kind'] });
    const fields: ChangedField[] = [];
    if (e.kind === 'file') {
      const size = Number(st.size);
      if (size !== e.size || (size > 0 && !(await this.#hasher.matches(path, size, e.blobs ?? [], this.#rawLength)))) fields.push('content');
      this.#files++;
      this.#bytes += size;
    }
    if (e.kind === 'symlink') {
      const want = e.rawTarget ? Buffer.from(e.rawTarget, 'base64') : Buffer.from(e.target ?? '');
      if (!readlinkSync(path, { encoding: 'buffer' }).equals(want)) fields.push('target');
    }
    if (e.kind !== 'symlink' && Number(st.mode & 0o7777n) !== e.mode) fields.push('mode');
    if (e.kind !== 'dir' && Number(st.mtimeNs / 1000n) !== e.mtime) fields.push('mtime');
    if (fields.length > 0) this.changes.push({ type: 'changed', path: shown, kind: e.kind, fields });
    if (e.kind === 'dir' && e.subtree) await this.folder((await this.reader.tree(e.subtree)).entries, path, `${shown}/`);
  }

  /** Lets the host answer (a console's progress polls) and notices a cancel, every few milliseconds. */
  async #pace(): Promise<void> {
    if (performance.now() - this.#since < YIELD_MS) return;
    this.report();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.opts.signal?.throwIfAborted();
    this.#since = performance.now();
  }
}
