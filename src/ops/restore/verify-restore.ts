import { lstatSync, readdirSync, readlinkSync, type Dirent } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { nameBytes, storedName, type TreeEntry } from '../../vault/tree.js';
import { locate, snapshotRoot } from '../../vault/browse.js';
import { liveHasher } from '../diff/live-compare.js';
import type { ContentHasher } from '../../sources/dir/live-hash.js';
import type { Change, ChangedField } from '../diff/diff-entries.js';
import { LiveHasher } from '../../sources/dir/live-hash.js';
import { ownerOf } from '../../sources/dir/owners.js';
import { Lanes } from '../../util/lanes.js';
import { DIFFERS } from '../../vault/restore-messages.js';
import { CheckBatch, fileAt } from '../../vault/check-batch.js';
import { checkRestored, ReadBuffer } from '../../vault/read-back.js';

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
/** Files read back per batch on the restore workers, and bytes: few messages, both workers busy. */
const CHECK_FILES = 512;
const CHECK_BYTES = 4 * 1024 * 1024;

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
  await walk.settle();
  walk.report();
  return walk.changes;
}

/**
 * Files being read back on a worker: where each one's change goes among the differences, and how it
 * is shown. A file found as restored leaves no object behind (48k Change objects, kept to the end
 * of the read-back, were most of what it held on the main heap).
 */
interface Pending {
  batch: CheckBatch;
  slots: number[];
  shown: string[];
}

const noPending = (): Pending => ({ batch: new CheckBatch(), slots: [], shown: [] });

/**
 * The walk itself stays on this thread (it needs the trees and lists each folder); when the restore
 * used workers (a large restore), every file the listing shows as one is read back there whole (its
 * stat and its content, checkRestored), in batches, while the walk goes on: this thread's lstat per
 * file was the read-back's bottleneck (~0.8 s of 48k on the bench corpus).
 */
class ReadBack {
  /** Differences in walk order; a file's slot waits for its content check (stays empty if none is found). */
  readonly #found: (Change | undefined)[] = [];
  readonly #hasher: LiveHasher;
  readonly #content: ContentHasher;
  readonly #scratch = new ReadBuffer();
  readonly #checks = new Lanes(4);
  #pending = noPending();
  /** One file's blob lengths, reused from file to file. */
  readonly #lengths: number[] = [];
  #files = 0;
  #bytes = 0;
  #since = performance.now();

  constructor(
    private readonly reader: VaultReader,
    private readonly opts: VerifyOptions,
  ) {
    this.#content = liveHasher(reader);
    this.#hasher = new LiveHasher(this.#content);
  }

  readonly #rawLength = (id: string): number | undefined => this.reader.index.get(id)?.rawLength;

  get changes(): Change[] {
    return this.#found.filter((c): c is Change => c !== undefined && (c.type !== 'changed' || (c.fields?.length ?? 0) > 0));
  }

  /** Waits for the content checks still on the workers. */
  async settle(): Promise<void> {
    await this.#send();
    await this.#checks.drain();
  }

  /**
   * Queues a whole file's read-back for the workers (no lstat here); false when it must be checked
   * here (no workers, an empty file, or lengths the index does not give: the file is then cut as a
   * backup would).
   */
  async #offThread(e: TreeEntry, path: Buffer, shown: string): Promise<boolean> {
    const ids = e.blobs ?? [];
    if (!this.reader.checksFiles || e.size === 0 || ids.length === 0) return false;
    const lengths = this.#lengths;
    lengths.length = 0;
    let total = 0;
    for (const id of ids) {
      const n = this.#rawLength(id);
      if (n === undefined) return false;
      lengths.push(n);
      total += n;
    }
    if (total !== e.size) return false;
    const p = this.#pending;
    p.slots.push(this.#found.length);
    this.#found.push(undefined);
    p.shown.push(shown);
    p.batch.add(path, ids, lengths, e.size, e.mode, e.mtime, ownerOf(e));
    this.#files++;
    this.#bytes += e.size;
    if (p.batch.length >= CHECK_FILES || p.batch.bytes >= CHECK_BYTES) await this.#send();
    return true;
  }

  async #send(): Promise<void> {
    const p = this.#pending;
    if (p.batch.length === 0) return;
    this.#pending = noPending();
    await this.#checks.run(async () => {
      // Workers stopped meanwhile (another restore in the same session): read back here instead.
      const here = () => {
        const data = p.batch.data();
        return p.slots.map((_, i) => checkRestored(fileAt(data, i), (b) => this.#content.blobId(b), this.#scratch));
      };
      const found = (await this.reader.checkFiles(p.batch)) ?? here();
      p.slots.forEach((slot, i) => {
        if (found[i]) this.#found[slot] = changeOf(p.shown[i]!, found[i]!);
      });
    });
  }

  report(): void {
    this.opts.progress?.({ files: this.#files, bytes: this.#bytes });
  }

  async folder(entries: readonly TreeEntry[], dir: Buffer, prefix: string): Promise<void> {
    const onDisk = new Map<string, Dirent<Buffer>>();
    if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) for (const d of readdirSync(dir, { encoding: 'buffer', withFileTypes: true })) onDisk.set(d.name.toString('hex'), d);
    for (const e of entries) {
      const raw = nameBytes(e);
      const key = raw.toString('hex');
      const listed = onDisk.get(key);
      onDisk.delete(key);
      const shown = `${prefix}${e.name}`;
      if (this.opts.leftOut?.has(shown)) continue;
      await this.entry(e, Buffer.concat([dir, SLASH, raw]), shown, listed);
    }
    if (this.opts.ignoreExtra) return;
    for (const d of onDisk.values()) this.#found.push({ type: 'added', path: `${prefix}${storedName(d.name).name}`, kind: 'file' });
  }

  /** `listed`: the folder's listing of this name, when it was listed (a file there is read back whole on a worker). */
  async entry(e: TreeEntry, path: Buffer, shown: string, listed?: Dirent<Buffer>): Promise<void> {
    await this.#pace();
    if (e.kind === 'file' && listed?.isFile() && (await this.#offThread(e, path, shown))) return;
    const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!st) return void this.#found.push({ type: 'removed', path: shown, kind: e.kind });
    const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
    if (kind !== e.kind) return void this.#found.push({ type: 'changed', path: shown, kind: e.kind, fields: ['kind'] });
    const fields: ChangedField[] = [];
    if (e.kind === 'file') {
      const size = Number(st.size);
      if (size !== e.size) fields.push('content');
      else if (size > 0 && !(await this.#hasher.matches(path, size, e.blobs ?? [], this.#rawLength))) fields.push('content');
      this.#files++;
      this.#bytes += size;
    }
    if (e.kind === 'symlink') {
      const want = e.rawTarget ? Buffer.from(e.rawTarget, 'base64') : Buffer.from(e.target ?? '');
      if (!readlinkSync(path, { encoding: 'buffer' }).equals(want)) fields.push('target');
    }
    if (e.kind !== 'symlink' && Number(st.mode & 0o7777n) !== e.mode) fields.push('mode');
    const owner = ownerOf(e);
    if (owner && (Number(st.uid) !== owner.uid || Number(st.gid) !== owner.gid)) fields.push('owner');
    if (e.kind !== 'dir' && Number(st.mtimeNs / 1000n) !== e.mtime) fields.push('mtime');
    if (fields.length > 0) this.#found.push({ type: 'changed', path: shown, kind: e.kind, fields });
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

/** A queued file's change, from what its read-back found (DIFFERS, not 0): the fields in the order the walk gives them. */
function changeOf(path: string, found: number): Change {
  if (found & DIFFERS.missing) return { type: 'removed', path, kind: 'file' };
  if (found & DIFFERS.kind) return { type: 'changed', path, kind: 'file', fields: ['kind'] };
  const fields: ChangedField[] = [];
  if (found & DIFFERS.content) fields.push('content');
  if (found & DIFFERS.mode) fields.push('mode');
  if (found & DIFFERS.owner) fields.push('owner');
  if (found & DIFFERS.mtime) fields.push('mtime');
  return { type: 'changed', path, kind: 'file', fields };
}
