import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { gitBlobId } from '../../sources/git/blob-id.js';
import { redact } from '../../sources/git/git.js';
import { BulkheadError } from '../../util/errors.js';
import { listingProblems, type GitListed } from '../browse/git-listing.js';
import { refTree } from '../browse/ref-tree.js';
import type { GitSnapshotSource } from './git-mirror.js';
import type { Conflict } from './in-place-plan.js';
import type { GitInPlaceOp, SelectionItem } from './selection-item.js';
import { asideName, ownNamed, ownNamedLines } from './aside-folder.js';

export type GitInPlaceItem = Extract<SelectionItem, { type: 'git-in-place' }>;

const SHOWN = 20;

/** What is at a path of the working copy, compared with the ref's blob: nothing, equal, different, or something that blocks. */
function liveState(live: string, f: GitListed): 'none' | 'same' | 'different' | 'folder' {
  const st = lstatSync(live, { throwIfNoEntry: false });
  if (!st) return 'none';
  if (st.isDirectory()) return 'folder';
  if (f.mode === '120000') return st.isSymbolicLink() && gitBlobId(readlinkSync(live, { encoding: 'buffer' }), f.oid) === f.oid ? 'same' : 'different';
  if (!st.isFile() || st.size !== f.size || (f.mode === '100755') !== ((st.mode & 0o100) !== 0)) return 'different';
  return gitBlobId(readFileSync(live), f.oid) === f.oid ? 'same' : 'different';
}

/**
 * A file or folder of a repository as it was at a ref, put back where it is in the live working
 * copy the repository was backed up from (the source's local path): relative paths kept, each file
 * equal already left alone, the others created or (conflict) replaced with the current copy moved
 * aside, or written beside it. Nothing is written through a symlink; the repository's index and
 * history are not touched (the files show up as changes for the operator to commit or not).
 * A repository backed up from a URL, or a bare one, has no working copy here: refused, with what to do.
 */
export async function planGitInPlace(reader: VaultReader, found: GitSnapshotSource, at: { ref: string; commit: string; path: string }, source: string, conflict: Conflict, now: Date): Promise<GitInPlaceItem> {
  const repo = found.source.name;
  const root = found.source.locator.replace(/\/+$/, '');
  const elsewhere = `restore ${at.path} into a folder instead, or ${at.ref} as a branch for review`;
  if (!isAbsolute(root)) throw new BulkheadError('USAGE', `${repo} was backed up from ${redact(root)}, not a working copy on this machine: ${elsewhere}`);
  if (!lstatSync(join(root, '.git'), { throwIfNoEntry: false })) throw new BulkheadError('USAGE', `${root} (where ${repo} was backed up from) is not a git working copy on this machine: ${elsewhere}`);
  const files = (await refTree(reader, found, at.commit)).filter((f) => f.path === at.path || f.path.startsWith(`${at.path}/`));
  if (files.length === 0) throw new BulkheadError('NOT_FOUND', `${at.path} does not exist at ${at.ref} in ${repo}`);
  const blocked = listingProblems(files).map((p) => `${repo} at ${at.ref}: ${p}; nothing is put back`);
  const stamp = found.snap.id.slice(0, 8);
  const ops: GitInPlaceOp[] = [];
  const submodules: string[] = [];
  const fresh = new Set<string>(); // folders missing now: everything below them is new
  const refused = new Set<string>();
  for (const f of files) {
    // A commit could name a path like the aside folder and plant a symlink in it: never put back.
    const own = ownNamed(f.path);
    if (own) {
      refused.add(own);
      continue;
    }
    if (f.mode === '160000') {
      submodules.push(f.path);
      continue;
    }
    if (!Buffer.from(f.path).equals(f.raw)) {
      blocked.push(`${JSON.stringify(f.path)} at ${at.ref} is a name that is not UTF-8: restore it into a folder instead`);
      continue;
    }
    const parts = f.path.split('/');
    let under = false; // below a folder missing now: new, and nothing on disk is looked at through it
    let through: string | undefined; // a symlink or file where the ref has a folder
    for (let i = 1; i < parts.length && !under && !through; i++) {
      const dir = parts.slice(0, i).join('/');
      const st = fresh.has(dir) ? undefined : lstatSync(join(root, dir), { throwIfNoEntry: false });
      if (!st) {
        fresh.add(dir);
        under = true;
      } else if (!st.isDirectory()) through = `${join(root, dir)} is a ${st.isSymbolicLink() ? 'symlink' : 'file'} on this machine, where ${at.ref} has a folder; the console never writes through it: move it away or restore into a folder`;
    }
    if (through) {
      if (!blocked.includes(through)) blocked.push(through);
      continue;
    }
    const state = under ? 'none' : liveState(join(root, f.path), f);
    if (state === 'folder') blocked.push(`${join(root, f.path)} is a folder on this machine, where ${at.ref} has a file: move it away or restore into a folder`);
    else if (state === 'none') ops.push({ file: f, action: 'create' });
    else if (state === 'same') ops.push({ file: f, action: 'same' });
    else if (conflict === 'replace') ops.push({ file: f, action: 'replace' });
    else ops.push({ file: f, action: 'keep-both', beside: besideName(root, f.path, stamp, ops) });
  }
  const aside = asideName(now);
  const writing = ops.filter((o) => o.action !== 'same');
  const same = ops.length - writing.length;
  const line = (o: GitInPlaceOp) =>
    o.action === 'replace' ? `${o.file.path}: replaced by its copy at ${at.ref}; the current one is moved to ${aside}/${o.file.path}`
    : o.action === 'keep-both' ? `${o.file.path}: kept; its copy at ${at.ref} is written beside it as ${o.beside}`
    : `${o.file.path}: not there now; created from ${at.ref}`;
  return {
    type: 'git-in-place',
    source,
    repo,
    gitPath: at.path,
    at: at.commit,
    ref: at.ref,
    conflict,
    liveRoot: root,
    ops,
    aside,
    destination: join(root, at.path),
    kind: files.length === 1 && files[0]!.path === at.path ? 'file' : 'dir',
    files: writing.length,
    bytes: writing.reduce((n, o) => n + (o.file.size ?? 0), 0),
    exists: blocked.length > 0,
    ...(blocked.length > 0 && { existsWhy: blocked.join('; ') }),
    replaced: writing.filter((o) => o.action === 'replace').map((o) => o.file.path),
    writes: [
      ...ownNamedLines([...refused], SHOWN),
      ...writing.slice(0, SHOWN).map(line),
      ...(same > 0 ? [`${same} ${same === 1 ? 'file is' : 'files are'} already as at ${at.ref}: left as they are`] : []),
      ...submodules.slice(0, 3).map((p) => `${p}: a submodule, whose content is not in this backup: left as it is`),
      `the repository's branches, index and history are not touched: the files show as changes in ${root}`,
    ],
  };
}

/** PATH.restored-STAMP (then -2, -3…): free on disk now, and not picked twice in one plan. */
function besideName(root: string, path: string, stamp: string, ops: GitInPlaceOp[]): string {
  for (let n = 1; ; n++) {
    const candidate = `${path}.restored-${stamp}${n > 1 ? `-${n}` : ''}`;
    if (!ops.some((o) => o.beside === candidate) && !lstatSync(join(root, candidate), { throwIfNoEntry: false })) return candidate;
  }
}
