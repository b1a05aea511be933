import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import { locate } from '../../vault/browse.js';
import type { TreeEntry } from '../../vault/tree.js';
import { BulkheadError } from '../../util/errors.js';
import { oneLine } from '../../util/terminal-text.js';

/**
 * One file of a snapshot, or a stream source's output (`pg_dump`, `terraform state pull`), written to
 * `out` as it is read, for `restore --target -` (`… | psql`), as `restic dump` does: each blob is
 * checked by the reader (its keyed id) before a byte of it is written, and the bytes written must be
 * the size the tree records. What went out before a failure cannot be called back: the error then
 * says the output is incomplete, and the caller exits non-zero. Returns the bytes written.
 */
export async function restoreToStream(reader: VaultReader, snap: SnapshotInfo, path: string, out: Writable): Promise<number> {
  const entry = await streamedFile(reader, snap, path);
  let bytes = 0;
  for (const id of entry.blobs ?? []) {
    const blob = await reader.blob(id).catch((e: unknown) => {
      throw new BulkheadError('CHECK_FAILED', `${path}: a blob could not be read or verified after ${bytes} bytes were written: the output is incomplete (${(e as Error).message}); run "bulkhead check --read-data"`);
    });
    // Never past the recorded size: a forged tree naming one stored chunk millions of times is
    // terabytes from one entry, poured into a pipe or a redirected file before any check after it.
    if (bytes + blob.length > entry.size) {
      throw new BulkheadError('CHECK_FAILED', `${path}: its blobs hold more than the ${entry.size} bytes the snapshot records; stopped after ${bytes} bytes: the output is incomplete and not the file as backed up (a forged tree?)`);
    }
    bytes += blob.length;
    if (!out.write(blob)) await once(out, 'drain');
  }
  if (bytes !== entry.size) throw new BulkheadError('CHECK_FAILED', `${path}: ${bytes} bytes written where the snapshot records ${entry.size}: the output is not the file as backed up (a forged tree?)`);
  return bytes;
}

/** The file `path` names, or why it cannot go to standard output (a folder, a repository, a failed source). */
export async function streamedFile(reader: VaultReader, snap: SnapshotInfo, path: string): Promise<TreeEntry> {
  const name = path.split('/')[0] ?? '';
  const source = snap.manifest.sources.find((s) => s.name === name);
  if (!name) throw new BulkheadError('USAGE', 'standard output (--target -) takes one file: name it as SNAPSHOT:SOURCE/PATH, or a stream source as SNAPSHOT:SOURCE');
  if (source?.kind === 'git') throw new BulkheadError('USAGE', `${name} is a git repository: restore it into a folder or a repository (--target DIR), or one of its files with --at REF --path FILE --target DIR`);
  if (source?.failed) throw new BulkheadError('SOURCE_FAILED', `the backup of ${name} failed in snapshot ${snap.id} (${oneLine(source.failed.reason)}): it holds nothing to write; choose an earlier snapshot (bulkhead snapshots)`);
  const { entry } = await locate(reader, snap.manifest, path);
  if (!entry || entry.kind !== 'file') throw new BulkheadError('USAGE', `${path} is ${entry?.kind === 'dir' ? 'a folder' : `a ${entry?.kind ?? 'snapshot'}`}: standard output (--target -) takes one file; restore a folder with --target DIR`);
  return entry;
}
