import { lstatSync, readlinkSync } from 'node:fs';
import type { VaultReader } from '../../vault/reader.js';
import type { PlanItem } from '../../sources/dir/materialize.js';
import { Chunker } from '../../chunker/fastcdc.js';
import { liveEntry, type ContentHasher } from '../../sources/dir/live-node.js';

/** Cuts and hashes live files exactly as a backup of this vault would, so equal content has equal ids. */
export function liveHasher(reader: VaultReader): ContentHasher {
  return { chunker: new Chunker(reader.keys.chunkerSeed, reader.config.chunker), blobId: (b: Uint8Array) => reader.keys.blobId(b), excluded: () => false };
}

/**
 * The live entry at `path` is what the snapshot entry holds: a file of the same content and mode,
 * or a symlink to the same target. Folders are compared by their entries, not here.
 */
export async function sameContent(path: Buffer, item: PlanItem, hasher: ContentHasher): Promise<boolean> {
  const e = item.entry;
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return false;
  if (e.kind === 'symlink') {
    if (!st.isSymbolicLink()) return false;
    const want = e.rawTarget ? Buffer.from(e.rawTarget, 'base64') : Buffer.from(e.target ?? '');
    return readlinkSync(path, { encoding: 'buffer' }).equals(want);
  }
  if (e.kind !== 'file' || !st.isFile() || st.size !== e.size || (st.mode & 0o7777) !== e.mode) return false;
  if (e.size === 0) return true;
  const live = liveEntry(path, item.raw, hasher, item.display);
  return !!live && (await live.blobs()).join() === (e.blobs ?? []).join();
}
