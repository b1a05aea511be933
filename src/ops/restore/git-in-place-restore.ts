import { linkSync, lstatSync, mkdirSync, promises as fsp, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { gitBlobId } from '../../sources/git/blob-id.js';
import { BulkheadError } from '../../util/errors.js';
import type { ProgressSink } from '../../util/progress.js';
import { withMirrorBlobs } from '../browse/ref-tree.js';
import { makeStaging } from './staging.js';
import { requireGitSource } from './git-mirror.js';
import { writeGitBlobs } from './git-path-write.js';
import type { GitInPlaceItem } from './git-in-place-plan.js';
import { unsafeParent } from './in-place-restore.js';
import { AsideFolder } from './aside-folder.js';

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
const listed = (fs: { path: string; reason: string }[]) => fs.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ');

/**
 * Runs a planned put-back of files at a ref into the working copy. Every blob is first written into a
 * hidden staging folder there and checked against its id as written; then each is linked into place,
 * which fails rather than replace anything that appeared since the plan. A replaced file is renamed
 * into the aside folder (made by this restore alone: aside-folder.ts), never deleted; folders on the
 * way are made when missing and never entered through a symlink. At the end every file put back is read again and hashed to its blob id.
 */
export async function placeGitBack(reader: VaultReader, snapshot: string, item: GitInPlaceItem, progress: ProgressSink, signal?: AbortSignal): Promise<{ ok: boolean; detail: string }> {
  if (item.exists) throw new BulkheadError('TARGET_NOT_EMPTY', item.existsWhy ?? `${item.destination}: the plan is blocked`);
  const root = item.liveRoot;
  const writing = item.ops.filter((o) => o.action !== 'same');
  const staging = makeStaging(root, '.bulkhead-restore-');
  const failures: { path: string; reason: string }[] = [];
  const placed: { path: string; oid: string }[] = [];
  const aside = new AsideFolder(root, item.aside);
  try {
    const found = await requireGitSource(reader, snapshot, item.repo);
    const staged = await withMirrorBlobs(reader, found, (blobs) => writeGitBlobs(staging, writing.map((o) => o.file), blobs));
    failures.push(...staged.failures);
    const failed = new Set(staged.failures.map((f) => f.path));
    const safe = new Set<string>();
    let bytes = 0;
    signal?.throwIfAborted(); // cancelled while staging: nothing was put in the working copy
    for (const op of writing) {
      if (failed.has(op.file.path)) continue;
      const rel = op.beside ?? op.file.path;
      try {
        makeParents(root, rel);
        const unsafe = unsafeParent(root, Buffer.from(rel), safe);
        if (unsafe) throw new BulkheadError('TARGET_NOT_EMPTY', unsafe);
        if (op.action === 'replace') {
          aside.move(Buffer.from(op.file.path), op.file.path);
        }
        // link() fails where anything exists (never replaces) and never follows a symlink there.
        linkSync(join(staging, op.file.path), join(root, rel));
        placed.push({ path: rel, oid: op.file.oid });
        progress({ phase: 'restore', done: (bytes += op.file.size ?? 0), unit: 'bytes' });
      } catch (e) {
        failures.push({ path: op.file.path, reason: e instanceof BulkheadError ? `not put back: ${e.message}` : `not put back (${errno(e)}): something is there that the plan did not show; show the plan again` });
      }
    }
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
  // The job names the aside folder only for copies read back there now.
  const moved = aside.stillThere();
  const replaced = moved.there.length;
  failures.push(...moved.gone);
  const differ = placed.filter((p) => {
    const at = join(root, p.path);
    const st = lstatSync(at, { throwIfNoEntry: false });
    return !st || gitBlobId(st.isSymbolicLink() ? readlinkSync(at, { encoding: 'buffer' }) : readFileSync(at), p.oid) !== p.oid;
  });
  const beside = writing.filter((o) => o.action === 'keep-both' && placed.some((p) => p.path === o.beside)).length;
  const same = item.ops.length - writing.length;
  const what = [
    `${placed.length} ${placed.length === 1 ? 'file' : 'files'} of ${item.repo} at ${item.ref} put back in ${root}`,
    replaced > 0 && `${replaced} replaced, the current copies moved to ${root}/${item.aside}`,
    beside > 0 && `${beside} written beside the current copy, as NAME.restored-${snapshot.slice(0, 8)}`,
    same > 0 && `${same} already as at ${item.ref}, left as they were`,
  ].filter(Boolean).join('; ');
  if (failures.length > 0) return { ok: false, detail: `${what}; ${failures.length} not put back: ${listed(failures)}` };
  if (differ.length > 0) return { ok: false, detail: `${what}; ${differ.length} differ after restore: ${differ.slice(0, 3).map((d) => d.path).join(', ')}` };
  return { ok: true, detail: `${what}; each re-read and hashed to its blob id at ${item.ref}` };
}

/** The folders above rel in the working copy: each already a folder (checked by the caller), or made now. */
function makeParents(root: string, rel: string): void {
  const parts = rel.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i));
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) mkdirSync(dir, { mode: 0o755 });
    else if (!st.isDirectory()) throw new BulkheadError('TARGET_NOT_EMPTY', `${dir} is ${st.isSymbolicLink() ? 'a symlink' : 'not a folder'} now; the console never writes through one`);
  }
}
