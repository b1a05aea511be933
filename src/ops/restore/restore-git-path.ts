import { existsSync, promises as fsp, readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { VaultReader } from '../../vault/reader.js';
import { git } from '../../sources/git/git.js';
import { CatFile } from '../../sources/git/cat-file.js';
import { BulkheadError } from '../../util/errors.js';
import { requireGitSource, withMirror } from './git-mirror.js';
import { makeStaging } from './staging.js';
import { listingProblems, parseLsTree, type GitListed } from '../browse/git-listing.js';
import { refTree, withMirrorBlobs } from '../browse/ref-tree.js';
import { commitFor } from './git-path-listing.js';
import { writeGitBlobs } from './git-path-write.js';
import { counted } from '../../util/counted.js';

export interface GitPathResult {
  files: number;
  symlinks: number;
  /** Submodules under the path: pinned commits of other repositories, not written (not in the backup). */
  submodules: { path: string; commit: string }[];
  /** Files not written (the rest is in place), each with why. */
  failures: { path: string; reason: string }[];
}

/**
 * `--at REF --path PATH`: that file or folder as it was at that commit, written into a local target
 * byte for byte as the repository stores it (never through `git archive`, which leaves out
 * export-ignore paths and rewrites export-subst and eol files), each blob verified by its id.
 * A restore that would write nothing fails (NOT_FOUND, RESTORE_INCOMPLETE).
 */
export async function restoreGitPath(args: { reader: VaultReader; snapshot: string; name: string; at: string; path: string; target: string }): Promise<GitPathResult> {
  const target = resolve(args.target);
  if (existsSync(target) && readdirSync(target).length > 0) throw new BulkheadError('TARGET_NOT_EMPTY', `${target} is not empty; choose an empty or new folder`);
  const found = await requireGitSource(args.reader, args.snapshot, args.name);
  const commit = commitFor(found.manifest, args.at);
  if (commit) {
    // The tree and the blobs read in place from the vault (ref-tree.ts): the mirror is not restored.
    const under = (p: string) => args.path === '.' || p === args.path || p.startsWith(`${args.path}/`);
    const entries = (await refTree(args.reader, found, commit)).filter((e) => under(e.path));
    return writeOut(args, target, entries, (fn) => withMirrorBlobs(args.reader, found, fn));
  }
  return withMirror(args.reader, found, async (mirror) => {
    const listed = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', args.at, '--', args.path], { gitDir: mirror, okCodes: [128] });
    if (listed.code !== 0) throw new BulkheadError('NOT_FOUND', `${args.path} does not exist at ${args.at} in ${args.name}`);
    const objects = new CatFile(mirror);
    try {
      return await writeOut(args, target, parseLsTree(listed.stdout), (fn) => fn(objects));
    } finally {
      objects.close();
    }
  });
}

type Blobs = Pick<CatFile, 'getMany'>;

async function writeOut(args: { at: string; path: string; name: string }, target: string, entries: GitListed[], withBlobs: <T>(fn: (blobs: Blobs) => Promise<T>) => Promise<T>): Promise<GitPathResult> {
  if (entries.length === 0) throw new BulkheadError('NOT_FOUND', `${args.path} does not exist at ${args.at} in ${args.name}`);
  // Checked first: a forged tree could name paths that leave the target.
  const unsafe = listingProblems(entries);
  if (unsafe.length > 0) {
    throw new BulkheadError('CORRUPT', `${args.path} at ${args.at} in ${args.name} holds ${unsafe.length} paths that could leave the target or plant a repository's own files (${unsafe.slice(0, 3).join('; ')}); nothing was extracted`);
  }
  await fsp.mkdir(dirname(target), { recursive: true });
  const staging = makeStaging(dirname(target), `.${basename(target)}.bulkhead-path-`);
  try {
    const out = await withBlobs((blobs) => writeGitBlobs(staging, entries, blobs));
    const submodules = out.submodules.map((s) => ({ path: s.path, commit: s.oid }));
    if (out.files + out.symlinks === 0) {
      const why = [
        submodules.length > 0 && `${submodules.length} submodule(s), whose content is not in this backup (${submodules.slice(0, 3).map((s) => s.path).join(', ')})`,
        out.failures.length > 0 && `${counted(out.failures.length, 'file')} that failed (${out.failures.slice(0, 3).map((f) => `${f.path}: ${f.reason}`).join('; ')})`,
      ].filter(Boolean);
      throw new BulkheadError('RESTORE_INCOMPLETE', `nothing was written: ${args.path} at ${args.at} in ${args.name} holds ${why.join(' and ')}`);
    }
    await moveIntoPlace(staging, target);
    return { files: out.files, symlinks: out.symlinks, submodules, failures: out.failures };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** The staging folder becomes the target (new or empty): what lands is only what was verified. */
async function moveIntoPlace(staging: string, target: string): Promise<void> {
  await fsp.chmod(staging, 0o755);
  if (existsSync(target)) await fsp.rmdir(target);
  await fsp.rename(staging, target);
}
