import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { nameBytes, storedName, type TreeEntry } from '../../vault/tree.js';
import { locate, snapshotRoot } from '../../vault/browse.js';
import { liveHasher } from '../diff/live-compare.js';
import type { Change, ChangedField } from '../diff/diff-entries.js';
import { LiveHasher } from '../../sources/dir/live-hash.js';
import { ownerOf } from '../../sources/dir/owners.js';
import { Lanes } from '../../util/lanes.js';
import type { FileCheck } from '../../vault/restore-messages.js';

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

/** A file whose content is being read back on a worker: its change gets 'content' if it differs. */
interface Pending {
  files: FileCheck[];
  fields: ChangedField[][];
  bytes: number;
}

/**
 * The walk itself stays on this thread (it needs the trees); files' content is read back on the
 * restore's workers when it used them (a large restore), in batches, while the walk goes on.
 */
class ReadBack {
  /** Differences in walk order; a file's may wait for its content check (left out if none is found). */
  readonly #found: Change[] = [];
  readonly #hasher: LiveHasher;
  readonly #checks = new Lanes(4);
  #pending: Pending = { files: [], fields: [], bytes: 0 };
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

  get changes(): Change[] {
    return this.#found.filter((c) => c.type !== 'changed' || (c.fields?.length ?? 0) > 0);
  }

  /** Waits for the content checks still on the workers. */
  async settle(): Promise<void> {
    await this.#send();
    await this.#checks.drain();
  }

  /**
   * Queues a file's content check for the workers; false when it must be checked here (no workers,
   * or lengths the index does not give: the file is then cut as a backup would).
   */
  async #offThread(path: Buffer, size: number, ids: readonly string[], fields: ChangedField[]): Promise<boolean> {
    if (!this.reader.checksFiles) return false;
    const lengths = ids.map(this.#rawLength);
    if (ids.length === 0 || lengths.some((n) => n === undefined) || sum(lengths as number[]) !== size) return false;
    const p = this.#pending;
    p.files.push({ path: path.toString('latin1'), ids: [...ids], lengths: lengths as number[] });
    p.fields.push(fields);
    p.bytes += size;
    if (p.files.length >= CHECK_FILES || p.bytes >= CHECK_BYTES) await this.#send();
    return true;
  }

  async #send(): Promise<void> {
    const batch = this.#pending;
    if (batch.files.length === 0) return;
    this.#pending = { files: [], fields: [], bytes: 0 };
    await this.#checks.run(async () => {
      // Workers stopped meanwhile (another restore in the same session): read back here instead.
      const here = () => Promise.all(batch.files.map((f) => this.#hasher.matches(Buffer.from(f.path, 'latin1'), sum(f.lengths), f.ids, this.#rawLength)));
      const matches = await (this.reader.checkFiles(batch.files) ?? here());
      batch.fields.forEach((fields, i) => {
        if (matches[i] !== true) fields.unshift('content');
      });
    });
  }

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
    for (const raw of onDisk.values()) this.#found.push({ type: 'added', path: `${prefix}${storedName(raw).name}`, kind: 'file' });
  }

  async entry(e: TreeEntry, path: Buffer, shown: string): Promise<void> {
    await this.#pace();
    const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!st) return void this.#found.push({ type: 'removed', path: shown, kind: e.kind });
    const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
    if (kind !== e.kind) return void this.#found.push({ type: 'changed', path: shown, kind: e.kind, fields: ['kind'] });
    const fields: ChangedField[] = [];
    let queued = false;
    if (e.kind === 'file') {
      const size = Number(st.size);
      if (size !== e.size) fields.push('content');
      else if (size > 0 && !(queued = await this.#offThread(path, size, e.blobs ?? [], fields))) {
        if (!(await this.#hasher.matches(path, size, e.blobs ?? [], this.#rawLength))) fields.push('content');
      }
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
    if (fields.length > 0 || queued) this.#found.push({ type: 'changed', path: shown, kind: e.kind, fields });
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

const sum = (ns: readonly number[]) => ns.reduce((a, n) => a + n, 0);
