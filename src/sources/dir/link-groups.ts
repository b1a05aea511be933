import { linkSync } from 'node:fs';
import type { BlobFetcher } from '../blob-sink.js';
import type { TreeEntry } from '../../vault/tree.js';
import type { ProgressSink } from '../../util/progress.js';
import { writeFiles, type FileFailure, type FileToWrite } from './write-files.js';
import type { BornOwner } from './owners.js';

/** A file given back as another name of a file this restore writes (its group's first). */
export interface LinkedFile {
  job: FileToWrite;
  first: FileToWrite;
}

/**
 * Splits a restore's files into those to write and those to link to one written: the names of one
 * hard-link group (tree.ts `link`) after its first, when their entries agree with the first's on
 * content (size and blobs), mode, mtime and owner. A tree is its writer's word (a hijacked agent's
 * too): names that claim one group but differ are written as files of their own, never linked, so
 * a restore never gives one name another's content or metadata. Only the names in this restore are
 * grouped: restoring one name of a group just writes it.
 */
export function linkGroups(files: readonly FileToWrite[]): { write: FileToWrite[]; linked: LinkedFile[] } {
  const firsts = new Map<string, FileToWrite>();
  const write: FileToWrite[] = [];
  const linked: LinkedFile[] = [];
  for (const job of files) {
    const group = job.entry.link;
    const first = group === undefined ? undefined : firsts.get(group);
    if (first && agree(first.entry, job.entry)) {
      linked.push({ job, first });
      continue;
    }
    if (group !== undefined && !first) firsts.set(group, job);
    write.push(job);
  }
  return { write, linked };
}

/** Whether two entries describe the same file: one inode has one content, mode, mtime and owner. */
export function agree(a: TreeEntry, b: TreeEntry): boolean {
  if (a.kind !== 'file' || b.kind !== 'file' || a.size !== b.size || a.mode !== b.mode || a.mtime !== b.mtime || a.uid !== b.uid || a.gid !== b.gid) return false;
  const [x, y] = [a.blobs ?? [], b.blobs ?? []];
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

/**
 * The files written (write-files.ts, in storage order, maybe on the workers), then each linked name
 * made a hard link to its group's first, which is complete by then (content verified, owner, mode
 * and mtime set), in a folder this restore created. A name whose first was not written (damaged
 * content, or a failure of that name's own, such as a name too long for the target), or that cannot
 * be linked (a file system without hard links, the inode's most links), is written on its own
 * afterwards with the same checks: no worse than a restore that kept no links.
 */
export async function writeLinked(files: readonly FileToWrite[], fetcher: BlobFetcher, progress: ProgressSink, born?: BornOwner): Promise<FileFailure[]> {
  const { write, linked } = linkGroups(files);
  if (linked.length === 0) return writeFiles(files, fetcher, progress, { born });
  // Bytes done go on across both passes and the links (the run's total counts every name).
  let [base, done] = [0, 0];
  const counted: ProgressSink = (e) => progress({ ...e, done: (done = base + e.done) });
  const unwritten = new Set<FileToWrite>();
  const failures = await writeFiles(write, fetcher, counted, { born, failed: (job) => unwritten.add(job) });
  const alone: FileToWrite[] = [];
  for (const { job, first } of linked) {
    if (unwritten.has(first) || !linkTo(first.path, job.path)) {
      alone.push(job);
      continue;
    }
    progress({ phase: 'restore', done: (done += job.entry.size), unit: 'bytes', detail: job.display });
  }
  base = done;
  if (alone.length > 0) failures.push(...(await writeFiles(alone, fetcher, counted, { born })));
  return failures;
}

/** link(2): never replaces anything at `to`, never follows a symlink at `from` (the first is a file this restore made). */
function linkTo(from: Buffer, to: Buffer): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}
