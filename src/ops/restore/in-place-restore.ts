import { linkSync, lstatSync, mkdirSync, promises as fsp } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import { applyMeta, materialize, type FileFailure } from '../../sources/dir/materialize.js';
import { BulkheadError } from '../../util/errors.js';
import type { ProgressSink } from '../../util/progress.js';
import { makeStaging } from './staging.js';
import type { InPlaceLayout, InPlaceOp } from './in-place-plan.js';
import { liveHasher, sameContent } from '../diff/live-compare.js';
import { LiveHasher } from '../../sources/dir/live-hash.js';
import { AsideFolder } from './aside-folder.js';

export interface InPlaceResult {
  /** Entries written (created, replacing, or beside the live one). */
  placed: number;
  same: number;
  /** Live entries moved aside and read back there (shown paths, relative to the live folder). */
  replaced: string[];
  beside: number;
  failures: FileFailure[];
  /** Written entries that do not read back as the snapshot holds them. */
  mismatches: FileFailure[];
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/**
 * Puts a planned selection back in its live folder. Every entry is first written, verified blob by
 * blob, into a hidden staging folder there (materialize: O_EXCL, O_NOFOLLOW, never through a
 * symlink); then each is linked into place, which fails rather than replace anything that appeared
 * since the plan. A replaced entry is renamed into the aside folder (made by this restore alone:
 * aside-folder.ts), never deleted. Each folder on
 * the way is checked to be a real folder (not a symlink) before anything goes into it. Finally every
 * written entry is read back and compared with the snapshot.
 */
export async function restoreInPlace(reader: VaultReader, layout: InPlaceLayout, progress: ProgressSink, signal?: AbortSignal): Promise<InPlaceResult> {
  if (layout.blocked.length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', layout.blocked[0]!);
  const root = layout.liveRoot;
  const abs = (rel: Buffer | string) => (rel.length === 0 ? Buffer.from(root) : Buffer.concat([Buffer.from(`${root}/`), Buffer.from(rel)]));
  const madeFolders = makeFolders(layout, abs);
  const staging = makeStaging(root, '.bulkhead-restore-');
  const result: InPlaceResult = { placed: 0, same: 0, replaced: [], beside: 0, failures: [], mismatches: [] };
  const placed: InPlaceOp[] = [];
  const madeDirs: InPlaceOp[] = [];
  const aside = new AsideFolder(root, layout.aside);
  try {
    const writes = layout.ops.filter((o) => o.item.entry.kind === 'dir' || o.action === 'create' || o.action === 'replace' || o.action === 'keep-both');
    const staged = await materialize(staging, writes.map((o) => o.item), reader, signal ? (e) => (signal.throwIfAborted(), progress(e)) : progress);
    signal?.throwIfAborted(); // cancelled while writing: nothing was linked into the live folder
    const failed = new Set(staged.map((f) => f.path));
    for (const f of staged) result.failures.push({ path: layout.base ? `${layout.base}/${f.path}` : f.path, reason: f.reason });
    const safe = new Set<string>();
    for (const op of layout.ops) {
      if (op.action === 'same') result.same++;
      if (op.action === 'same' || op.action === 'keep-dir' || failed.has(op.item.display)) continue;
      const live = abs(op.rel);
      const unsafe = unsafeParent(root, op.rel, safe);
      if (unsafe) {
        result.failures.push({ path: op.shown, reason: `not put in place: ${unsafe}` });
        continue;
      }
      try {
        if (op.action === 'replace') {
          aside.move(op.rel, op.shown);
        }
        if (op.item.entry.kind === 'dir') {
          mkdirSync(live, { mode: 0o700 });
          madeDirs.push(op);
          continue;
        }
        // link() fails where anything exists (never replaces) and never follows a symlink there.
        linkSync(Buffer.concat([Buffer.from(`${staging}/`), op.item.raw]), op.action === 'keep-both' ? abs(op.beside!) : live);
        if (op.action === 'keep-both') result.beside++;
        placed.push(op);
        result.placed++;
      } catch (e) {
        result.failures.push({ path: op.shown, reason: e instanceof BulkheadError ? `not put in place: ${e.message}` : `not put in place (${errno(e)}): something is there that the plan did not show; show the plan again` });
      }
    }
    for (const op of madeDirs.reverse()) applyMeta(abs(op.rel), op.item.entry);
    for (const f of madeFolders.reverse()) applyMeta(abs(f.rel), f.entry);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
  result.placed += madeDirs.length;
  // The job names the aside folder only for copies read back there now.
  const moved = aside.stillThere();
  result.replaced = moved.there;
  result.failures.push(...moved.gone);
  result.mismatches = await readBack(reader, placed, abs);
  return result;
}

/** The folders from the live root down to the selection's: each a real folder, or made now. */
function makeFolders(layout: InPlaceLayout, abs: (rel: string) => Buffer): InPlaceLayout['folders'] {
  const made: InPlaceLayout['folders'] = [];
  for (const f of layout.folders) {
    const st = lstatSync(abs(f.rel), { throwIfNoEntry: false });
    if (st?.isDirectory()) continue;
    if (st) throw new BulkheadError('TARGET_NOT_EMPTY', `${abs(f.rel).toString()} is no longer a folder (a ${st.isSymbolicLink() ? 'symlink' : 'file'} now); nothing was written; show the plan again`);
    mkdirSync(abs(f.rel), { mode: 0o700 });
    made.push(f);
  }
  return made;
}

/** Why an entry's parent folders may not be written into: one of them is not a real folder now. */
export function unsafeParent(root: string, rel: Buffer, safe: Set<string>): string | undefined {
  const slash = rel.lastIndexOf(0x2f);
  if (slash < 0) return undefined;
  const parent = rel.subarray(0, slash);
  const key = parent.toString('hex');
  if (safe.has(key)) return undefined;
  const above = unsafeParent(root, parent, safe);
  if (above) return above;
  const st = lstatSync(Buffer.concat([Buffer.from(`${root}/`), parent]), { throwIfNoEntry: false });
  if (!st?.isDirectory()) return `${root}/${parent.toString()} is ${st?.isSymbolicLink() ? 'a symlink' : st ? 'not a folder' : 'gone'}; the console never writes through one`;
  safe.add(key);
  return undefined;
}

/** Every written file and symlink, read back: content and mode (files re-cut and re-hashed), and mtime. */
async function readBack(reader: VaultReader, placed: InPlaceOp[], abs: (rel: Buffer) => Buffer): Promise<FileFailure[]> {
  const hasher = new LiveHasher(liveHasher(reader));
  const out: FileFailure[] = [];
  for (const op of placed) {
    const path = abs(op.action === 'keep-both' ? op.beside! : op.rel);
    if (!(await sameContent(path, op.item.entry, hasher))) out.push({ path: op.shown, reason: 'its content, mode, owner or target differs from the snapshot' });
    else if (op.item.entry.kind === 'file' && Number(lstatSync(path, { bigint: true }).mtimeNs / 1000n) !== op.item.entry.mtime) out.push({ path: op.shown, reason: 'its modification time differs from the snapshot' });
  }
  return out;
}
