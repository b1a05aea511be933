import { mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import type { CatFile } from '../../sources/git/cat-file.js';
import { gitBlobId } from '../../sources/git/blob-id.js';
import { nameProblem } from '../../vault/names.js';
import type { GitListed } from '../browse/git-listing.js';
import { streamBlobFile, writeBlobFile, type BlobStreamer } from './git-blob-file.js';
import { splitAtSlashes } from '../../util/path-bytes.js';

export interface GitWriteOutcome {
  files: number;
  symlinks: number;
  /** Gitlinks (mode 160000): another repository's commit, whose content is not in the backup. */
  submodules: GitListed[];
  failures: { path: string; reason: string }[];
}

// Blobs read at once: up to 64, or 64 MiB of them (one larger blob alone), so a folder of big
// files is not all in memory. A blob's size is known when it was listed with -l (ref-tree.ts).
const BATCH = 64;
const BATCH_BYTES = 64 << 20;
/** A file this large is written as it is inflated, when the reader can stream it. */
const STREAM_FROM = 16 << 20;

/** Where the blobs come from: git's batch reader, or the mirror read in place, which can also stream one. */
export type BlobSource = Pick<CatFile, 'getMany'> & { streamBlob?: BlobStreamer };

/** Consecutive slices of at most BATCH entries and BATCH_BYTES listed bytes (one larger entry alone). */
export function batches<T extends { size?: number }>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const e of items) {
    const size = e.size ?? 0;
    if (cur.length > 0 && (cur.length === BATCH || bytes + size > BATCH_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(e);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Writes the blobs of a git listing under root (an empty folder the caller made) byte for byte, as
 * the repository stores them: no export-ignore, export-subst or eol rules, as `git archive` applies.
 * The same proofs as materialize: every parent is a folder this call created, files open
 * O_EXCL|O_NOFOLLOW, symlinks come last. Each blob is checked against its id when read from the
 * mirror and again as written (read back from disk); a file that fails is removed and reported.
 */
export async function writeGitBlobs(root: string, listed: readonly GitListed[], objects: BlobSource): Promise<GitWriteOutcome> {
  const out: GitWriteOutcome = { files: 0, symlinks: 0, submodules: [], failures: [] };
  const base = Buffer.from(`${root}/`);
  const at = (raw: Buffer) => Buffer.concat([base, raw]);
  const made = new Set<string>(['']);
  const fail = (e: GitListed, reason: string) => out.failures.push({ path: e.path, reason });
  /** Creates the parents of e (each one new, made here); false (and reported) when one cannot be. */
  const parents = (e: GitListed): boolean => {
    const parts = splitAtSlashes(e.raw);
    const bad = parts.map((p) => nameProblem(p)).find(Boolean);
    if (bad) return !fail(e, `refused: ${bad}`);
    for (let i = 1; i < parts.length; i++) {
      const dir = Buffer.concat(parts.slice(0, i).flatMap((p, j) => (j ? [Buffer.from('/'), p] : [p])));
      const key = dir.toString('hex');
      if (made.has(key)) continue;
      try {
        mkdirSync(at(dir), { mode: 0o755 });
      } catch (err) {
        return !fail(e, `refused: its folder could not be created (${(err as Error).message.split(', ')[0]})`);
      }
      made.add(key);
    }
    return true;
  };
  const kinds = { files: listed.filter((e) => e.mode === '100644' || e.mode === '100755'), links: listed.filter((e) => e.mode === '120000') };
  out.submodules = listed.filter((e) => e.mode === '160000');
  for (const e of listed) if (!kinds.files.includes(e) && !kinds.links.includes(e) && e.mode !== '160000') fail(e, `not restored: unknown git mode ${e.mode}`);
  const mode = (e: GitListed) => (e.mode === '100755' ? 0o755 : 0o644);
  // Large files first, each streamed into its file; what cannot be streamed joins the batches.
  const whole: GitListed[] = [];
  for (const e of kinds.files) {
    const stream = objects.streamBlob;
    if (!stream || (e.size ?? 0) < STREAM_FROM) whole.push(e);
    else if (parents(e)) {
      const reason = await streamBlobFile(at(e.raw), e.size!, e.oid, mode(e), stream);
      if (reason === 'whole') whole.push(e);
      else if (reason) fail(e, reason);
      else out.files++;
    }
  }
  for (const group of [whole, kinds.links]) {
    for (const batch of batches(group)) {
      const slice = batch.filter(parents);
      const blobs = await objects.getMany(slice.map((e) => e.oid));
      slice.forEach((e, j) => {
        const blob = blobs[j];
        if (!blob || blob.type !== 'blob') return fail(e, `not restored: blob ${e.oid.slice(0, 12)} is not in the mirror`);
        if (gitBlobId(blob.content, e.oid) !== e.oid) return fail(e, `not restored: the mirror's blob ${e.oid.slice(0, 12)} does not hash to its id (damaged or forged)`);
        const reason = e.mode === '120000' ? writeLink(at(e.raw), blob.content, e.oid) : writeBlobFile(at(e.raw), blob.content, e.oid, mode(e));
        if (reason) fail(e, reason);
        else if (e.mode === '120000') out.symlinks++;
        else out.files++;
      });
    }
  }
  return out;
}

function writeLink(path: Buffer, target: Buffer, oid: string): string | undefined {
  try {
    symlinkSync(target, path);
    if (gitBlobId(readlinkSync(path, { encoding: 'buffer' }), oid) === oid) return undefined;
    unlinkSync(path);
    return 'not restored: the symlink as made does not hash to the blob id';
  } catch (e) {
    return `not created: ${(e as Error).message.split(', ')[0]}`;
  }
}
