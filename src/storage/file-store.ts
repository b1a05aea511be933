import { lstatSync, promises as fsp, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname, relative, sep } from 'node:path';
import type { BlobStore, FolderObstacle, GetOptions, ListedVersion, ListOptions, ObjectInfo, PutOptions, StorePosture } from './blob-store.js';
import { missingObject, refuseDelete, refuseOccupied, refuseOverwrite, refuseShorten } from './refusals.js';
import { checkKey } from './keys.js';
import { BulkheadError } from '../util/errors.js';
import { localLockFiles, type LocalLockFiles } from './local-locks.js';
import { LazyListed } from './lazy-listed.js';
import { OpenFiles } from './open-files.js';
import { clearDeadStaged } from './dead-staged.js';
import { dirEntries, ensureRealFolders, entryKind, isRealFolder, notAFile, openObject, readFailure } from './local-entries.js';
import { retentionStrays } from './retention-strays.js';
import { localFolders } from './local-folders.js';

const META = '.bulkhead';
/** Ranges read with synchronous calls (#range): a few system calls on a local disk, never long. */
const SYNC_RANGE_MOST = 1024 * 1024;
const MARKER = 'store.json';

/**
 * `file://PATH`, the local immutable vault. Objects are created with link(2) so a key is never
 * replaced, then left without any write bit; retention is kept per object under .bulkhead/retention.
 * Honest limit: root on this machine can still delete the files. posture() says so.
 */
/**
 * Fault injection for the end-to-end tests (BULKHEAD_TEST_READ_DELAY_MS, docs/cli.md): every read
 * waits this long, so a console restore is still running when a test looks at what a running restore
 * shows (a quiet machine restores the tests' 12,000 files before the idle lock's seconds are up).
 */
const READ_DELAY_MS = Number(process.env.BULKHEAD_TEST_READ_DELAY_MS) || 0;

export class FileStore implements BlobStore {
  readonly url: string;
  readonly rangedReadsCheap = true;
  readonly readsInto = true;
  /** Posture stats each retention file and reads only those changed since it last did (local-locks.ts). */
  readonly lockFiles: LocalLockFiles = localLockFiles((key) => this.#retentionPath(key));
  readonly #open = new OpenFiles();

  private constructor(private readonly root: string) {
    this.url = `file://${root}`;
  }

  /** Opens an existing store; NO_VAULT when the folder is not one. */
  static async open(root: string): Promise<FileStore> {
    try {
      await fsp.access(join(root, META, MARKER));
    } catch (e) {
      // A vault this user may not read is not "no vault": that error names the path and the permission.
      if (!['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      // A mistyped path is the likely case: say the folder is missing before offering to make a vault there.
      const missing = await fsp.stat(root).then(() => false, () => true);
      throw new BulkheadError('NO_VAULT', missing ? `there is no Bulkhead vault at file://${root}: that folder does not exist; check the path, or create a vault with "bulkhead vault init"` : `there is no Bulkhead vault at file://${root}; create one with "bulkhead vault init"`);
    }
    return new FileStore(root);
  }

  /** Creates the folder layout; an existing store is opened as it is. */
  static async create(root: string): Promise<FileStore> {
    await fsp.mkdir(root, { recursive: true });
    ensureRealFolders(root, join(root, META, 'tmp'));
    ensureRealFolders(root, join(root, META, 'retention'));
    const marker = JSON.stringify({ format: 'bulkhead-file-store/1' });
    await fsp.writeFile(join(root, META, MARKER), marker, { flag: 'wx', mode: 0o444 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    return new FileStore(root);
  }

  /**
   * A fresh name in the store's scratch folder, made if missing: a vault copied by a tool that
   * drops empty folders (git, some syncs) has none, and every write failed with ENOENT.
   */
  #tmpPath(): string {
    return join(this.#scratch(), randomBytes(12).toString('hex'));
  }

  /** The scratch folder, checked to be a real folder of the vault (made if missing) at each use. */
  #scratch(): string {
    const dir = join(this.root, META, 'tmp');
    ensureRealFolders(this.root, dir);
    return dir;
  }

  #path(key: string): string {
    return join(this.root, checkKey(key));
  }

  #retentionPath(key: string): string {
    return join(this.root, META, 'retention', checkKey(key));
  }

  async get(key: string, options: GetOptions = {}): Promise<Buffer> {
    const { range } = options;
    if (READ_DELAY_MS > 0) await new Promise((waited) => setTimeout(waited, READ_DELAY_MS));
    // Read synchronously, but answered after the event loop's next turn: a restore awaiting one small
    // read after another would otherwise never yield, and the console could not answer its progress
    // polls or a Cancel until the whole write was done.
    if (range && range.end - range.start <= SYNC_RANGE_MOST) {
      await new Promise((turned) => setImmediate(turned));
      return this.#range(key, range.start, range.end);
    }
    const path = this.#path(key);
    const { fh, st } = await openObject(path).catch((e: unknown) => readFailure(this.url, key, e));
    try {
      if (!range) return await readWhole(fh, st.size, options.into);
      const buf = Buffer.allocUnsafe(range.end - range.start);
      const { bytesRead } = await fh.read(buf, 0, buf.length, range.start);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /**
   * A small range (a tree, a blob of a pack read in part) with synchronous calls, like head: three
   * awaited FileHandle calls (open, read, close) cost ~0.3 ms of CPU per blob, and a restore's plan
   * reads every tree of the snapshot one after the other (1,063 on the bench corpus). The pack's
   * descriptor is kept for the next read of it (open-files.ts).
   */
  #range(key: string, start: number, end: number): Buffer {
    const path = this.#path(key);
    let fd: number;
    try {
      fd = this.#open.fd(path);
    } catch (e) {
      readFailure(this.url, key, e);
    }
    try {
      const buf = Buffer.allocUnsafe(end - start);
      let got = 0;
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, start + got);
      return buf.subarray(0, got);
    } catch (e) {
      this.#open.drop(path);
      throw e;
    }
  }

  /**
   * Synchronous like the listing: posture asks for the lock of every object of a local vault, and
   * two awaited (thread pool) calls each made that 0.85 s of a 1,000-snapshot vault's 3.3 s.
   */
  async head(key: string): Promise<ObjectInfo | undefined> {
    const st = lstatSync(this.#path(key), { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    const retainUntil = this.#retention(key);
    return { key, size: st.size, lockMode: 'LOCAL', lastModified: st.mtime, ...(retainUntil && { retainUntil }) };
  }

  /** The date in the object's retention file; undefined when there is none (or it is no file, or no date). */
  #retention(key: string): Date | undefined {
    return this.lockFiles.read(key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListedVersion[]> {
    return this.#listing(prefix, false, options?.objectKey);
  }

  /** The same listing, each object's size and time stat'ed only when asked (lazy-listed.ts). */
  async listLazy(prefix: string, options?: ListOptions): Promise<ListedVersion[]> {
    return this.#listing(prefix, true, options?.objectKey);
  }

  #listing(prefix: string, lazy: boolean, objectKey?: (key: string) => boolean): ListedVersion[] {
    const out: ListedVersion[] = [];
    const start = join(this.root, prefix.includes('/') ? dirname(prefix + 'x') : '');
    const at = relative(this.root, start).split(sep).join('/');
    // a symlinked folder on the way (`snapshots` -> elsewhere) lists nothing: a listing of its parent names it
    if (isRealFolder(this.root, start)) {
      const walked = objectKey && { folders: new Set([at]), objectKey };
      this.#walk(start, prefix, out, at, lazy, walked);
      const twin = join(this.root, META, 'retention', at);
      if (walked && isRealFolder(this.root, twin)) retentionStrays({ dir: twin, at, prefix, ...walked }, out);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async versionsOf(key: string): Promise<ListedVersion[]> {
    const path = this.#path(key);
    // As list(key) has it: nothing through a symlinked folder on the way (a writer of a local vault
    // can make `data/ab` a link to a folder of files named like another writer's packs).
    if (!isRealFolder(this.root, dirname(path))) return [];
    const st = lstatSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? [{ key, size: st.size, lastModified: st.mtime, isDeleteMarker: false }] : [];
  }

  /**
   * Synchronous on purpose: a listing of thousands of local files is a few ms of stat calls, where
   * one awaited (thread pool) stat each made a vault of a year of hourly backups ~0.3 s to list.
   */
  #walk(dir: string, prefix: string, out: ListedVersion[], at: string, lazy: boolean, walked?: { folders: Set<string>; objectKey: (key: string) => boolean }): void {
    for (const e of dirEntries(dir)) {
      if (e.name === META) continue;
      const key = at ? `${at}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!key.startsWith(prefix) && !prefix.startsWith(key + '/')) continue;
        // a folder where an object goes (config/00000003 made ahead of the operator) takes the object's place
        if (walked?.objectKey(key) && key.startsWith(prefix)) out.push(setAside(dir + sep + e.name, key, 'a folder, not a file: Bulkhead never makes one at an object\'s key'));
        walked?.folders.add(key);
        this.#walk(join(dir, e.name), prefix, out, key, lazy, walked);
      } else if (!key.startsWith(prefix)) continue;
      // dir is normalized and e.name one component: join's normalize was ~17 ms of a listing of 8,760 snapshots
      else if (!e.isFile()) out.push(setAside(dir + sep + e.name, key, notAFile(e)!));
      else if (lazy) out.push(new LazyListed(this.root + sep, key));
      else {
        const st = lstatSync(dir + sep + e.name, { throwIfNoEntry: false });
        if (st?.isFile()) out.push({ key, size: st.size, lastModified: st.mtime, isDeleteMarker: false });
        else if (st) out.push(setAside(dir + sep + e.name, key, notAFile(st)!));
      }
    }
  }

  async put(key: string, bytes: Buffer, options: PutOptions): Promise<void> {
    const tmp = this.#tmpPath();
    await writeWhole(tmp, bytes);
    await this.putStaged(key, tmp, options);
  }

  #staging?: string;

  /** The scratch folder (same file system: link(2) moves a staged pack in); a dead process's packs there go. */
  stagingDir(): string {
    const dir = this.#scratch();
    if (this.#staging) return this.#staging;
    clearDeadStaged(dir);
    return (this.#staging = dir);
  }

  async putStaged(key: string, tmp: string, options: PutOptions): Promise<void> {
    const final = this.#path(key);
    try {
      // both folders, and the retention file's place, checked before the object is in: none stored
      // without its retention file (a folder there made the rename of it fail after the link, R5-1b)
      ensureRealFolders(this.root, dirname(final));
      const retention = this.#retentionPath(key);
      ensureRealFolders(this.root, dirname(retention));
      if (entryKind(retention) === 'a folder') refuseOccupied(this.url, key, `${META}/retention/${key}`, 'a folder');
      await fsp.link(tmp, final); // atomic and create-only: EEXIST if the key is taken (a symlink there too)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        const kind = entryKind(final);
        if (kind && kind !== 'a file') refuseOccupied(this.url, key, key, kind);
        refuseOverwrite(this.url, key);
      }
      throw e;
    } finally {
      await fsp.unlink(tmp).catch(() => {});
    }
    await this.#writeRetention(key, options.retainUntil);
  }

  async #writeRetention(key: string, until: Date): Promise<void> {
    const path = this.#retentionPath(key);
    const tmp = this.#tmpPath();
    ensureRealFolders(this.root, dirname(path));
    await fsp.writeFile(tmp, JSON.stringify({ retainUntil: until.toISOString(), mode: 'LOCAL' }), { mode: 0o444, flag: 'wx' });
    await fsp.rename(tmp, path); // replaces a symlink or FIFO at `path` itself, never what it points to
  }

  makeFolders(prefixes: readonly string[]): FolderObstacle[] {
    return localFolders(this.root, join(this.root, META, 'retention'), prefixes, true);
  }

  folderObstacles(prefixes: readonly string[]): FolderObstacle[] {
    return localFolders(this.root, join(this.root, META, 'retention'), prefixes, false);
  }

  async extendRetention(key: string, until: Date): Promise<void> {
    if (!lstatSync(this.#path(key), { throwIfNoEntry: false })?.isFile()) missingObject(this.url, key);
    const current = this.#retention(key);
    if (current && until < current) refuseShorten(this.url, key, current, until);
    if (current && until.getTime() === current.getTime()) return;
    await this.#writeRetention(key, until);
  }

  async posture(): Promise<StorePosture> {
    return {
      versioning: 'off',
      lockMode: 'LOCAL',
      // One note, one sentence: the console lists each note as a point and the CLI prints each on a "note:" line.
      notes: ['local folder: Bulkhead never overwrites or deletes and files carry no write bit, but an administrator of this machine can still delete them; keep an S3 Object Lock copy too'],
    };
  }

  async delete(key: string): Promise<never> {
    return refuseDelete(this.url, key);
  }
}

/**
 * A whole object in one buffer of its size, read with as few calls as the kernel allows: a
 * FileHandle's readFile reads 512 KiB per thread-pool round trip and grows its buffer, which for
 * a 16 MiB pack is 32 round trips (objects are immutable, so the size read first is the size).
 */
async function readWhole(fh: fsp.FileHandle, size: number, into?: Buffer): Promise<Buffer> {
  const buf = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafeSlow(size);
  let got = 0;
  while (got < size) {
    const { bytesRead } = await fh.read(buf, got, size - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === size ? buf : buf.subarray(0, got);
}

/** An entry of the vault's folder that is no regular file, as listed: never opened, its lstat's time. */
function setAside(path: string, key: string, why: string): ListedVersion {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return { key, size: 0, lastModified: st?.mtime ?? new Date(0), isDeleteMarker: false, notAFile: why };
}

/**
 * writeFile(tmp, bytes, { mode: 0o444, flush: true }) in as few calls as the kernel allows:
 * writeFile writes 512 KiB per thread-pool round trip, 32 of them for a 16 MiB pack, each waiting
 * for a busy main thread (it walks and reads files between them), so packs piled up at the main
 * thread waiting to be written, 16-21 MB each (#14).
 */
async function writeWhole(path: string, bytes: Buffer): Promise<void> {
  const fh = await fsp.open(path, 'wx', 0o444);
  try {
    for (let at = 0; at < bytes.length; ) at += (await fh.write(bytes, at, bytes.length - at, at)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
}

