import { lstatSync, readlinkSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { TreeEntry } from '../../vault/tree.js';
import type { LiveHasher } from '../../sources/dir/live-hash.js';
import { Chunker } from '../../chunker/fastcdc.js';
import type { ContentHasher } from '../../sources/dir/live-hash.js';
import { ownerOf } from '../../sources/dir/owners.js';

/** Cuts and hashes live files exactly as a backup of this vault would, so equal content has equal ids. */
export function liveHasher(reader: VaultReader): ContentHasher {
  return { chunker: new Chunker(reader.keys.chunkerSeed, reader.config.chunker), blobId: (b: Uint8Array) => reader.keys.blobId(b), excluded: () => false };
}

/**
 * The live entry at `path` is what the snapshot entry holds: a file of the same content, mode and
 * (for a restore as root) owner, or a symlink to the same target. Folders are compared by their entries, not here.
 */
export async function sameContent(path: Buffer, e: TreeEntry, hasher: LiveHasher): Promise<boolean> {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return false;
  if (e.kind === 'symlink') {
    if (!st.isSymbolicLink()) return false;
    const want = e.rawTarget ? Buffer.from(e.rawTarget, 'base64') : Buffer.from(e.target ?? '');
    return readlinkSync(path, { encoding: 'buffer' }).equals(want);
  }
  if (e.kind !== 'file' || !st.isFile() || st.size !== e.size || (st.mode & 0o7777) !== e.mode) return false;
  // A restore as root gives owners back: a file an agent only gave to someone else is not the same.
  const owner = ownerOf(e);
  if (owner && (st.uid !== owner.uid || st.gid !== owner.gid)) return false;
  return e.size === 0 || (await hasher.blobs(path, e.size)).join() === (e.blobs ?? []).join();
}
