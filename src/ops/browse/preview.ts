import { snapshotFor } from '../snapshot-ref.js';
import type { VaultReader } from '../../vault/reader.js';
import { locate } from '../../vault/browse.js';
import { BulkheadError } from '../../util/errors.js';
import { gitSource } from '../restore/git-mirror.js';
import { mirrorBlobHead, refAt, refCommitText, refTree } from './ref-tree.js';

export const PREVIEW_BYTES = 256 * 1024;

export interface Preview {
  path: string;
  size: number;
  text: string | null;
  truncated: boolean;
  reason: string | null;
}

/** The first bytes of a file of a snapshot as text (a git source's files from its mirror). */
export async function previewFile(reader: VaultReader, snapshot: string, path: string): Promise<Preview> {
  const snap = await snapshotFor(reader, snapshot);
  const [name, section, ...rest] = path.split('/');
  const repo = await gitSource(reader, snap.id, name!);
  const atRef = repo && section === 'refs' ? refAt(repo.manifest, rest.join('/')) : undefined;
  if (repo && atRef?.path) {
    // A file at a ref: from the tree of its commit, in the snapshot's mirror.
    const listed = (await refTree(reader, repo, atRef.commit)).find((f) => f.path === atRef.path);
    if (!listed) throw new BulkheadError('NOT_FOUND', `${atRef.path} is not a file of ${name} at ${atRef.ref}`);
    if (listed.mode === '160000') return { path, size: 0, text: null, truncated: false, reason: `a submodule (commit ${listed.oid}): its content is not in this backup` };
    return asText(path, listed.size ?? 0, await mirrorBlobHead(reader, repo, listed.oid, listed.size ?? Infinity, PREVIEW_BYTES));
  }
  if (repo && section === 'refs' && rest.length > 0) {
    // A ref is shown as its commit: id, author, date, message (and the tag, for an annotated one).
    const ref = rest.join('/');
    const oid = repo.manifest.refs[ref];
    if (!oid) throw new BulkheadError('NOT_FOUND', `${name} had no ref ${ref} in this snapshot`);
    // A commit message is anyone's who could push (up to the 512 MiB a mirror object may be): the first part, as for a file.
    const text = `${ref} → ${oid}\n\n${await refCommitText(reader, repo, oid)}`;
    return { path, size: 0, text: text.slice(0, PREVIEW_BYTES), truncated: text.length > PREVIEW_BYTES, reason: null };
  }
  if (repo) {
    // A pipeline is previewed as the file it is at the default branch.
    if ((section !== 'files' && section !== 'pipelines') || rest.length === 0) throw new BulkheadError('USAGE', `${path} is not a file; preview files under ${name}/files`);
    const file = rest.join('/');
    const listed = repo.manifest.files.find(([p]) => p === file);
    if (!listed || !repo.manifest.defaultBranch) throw new BulkheadError('NOT_FOUND', `${file} is not in ${name} at its default branch`);
    return asText(path, listed[3], await mirrorBlobHead(reader, repo, listed[2], listed[3], PREVIEW_BYTES));
  }
  const at = await locate(reader, snap.manifest, path);
  if (!at.entry || at.entry.kind !== 'file') throw new BulkheadError('USAGE', `${path} is not a file`);
  const parts: Buffer[] = [];
  let read = 0;
  for (const id of at.entry.blobs ?? []) {
    if (read >= PREVIEW_BYTES) break;
    const blob = await reader.blob(id);
    parts.push(blob);
    read += blob.length;
  }
  return asText(path, at.entry.size, Buffer.concat(parts));
}

function asText(path: string, size: number, bytes: Buffer): Preview {
  const head = bytes.subarray(0, PREVIEW_BYTES);
  if (head.subarray(0, 8192).includes(0)) return { path, size, text: null, truncated: false, reason: 'binary file: restore it to open it' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  return { path, size, text, truncated: size > head.length, reason: null };
}
