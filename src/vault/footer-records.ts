import type { BlobStore, ListedVersion } from '../storage/blob-store.js';
import { BulkheadError } from '../util/errors.js';
import { blobTuples, openFooter, parseTail, unwrapPackKey, type PackEntry } from './pack.js';

/** A pack's tail is read as its last 8 KiB: the trailer, the key stanzas, mostly the footer too. */
const TAIL_GUESS = 8 * 1024;
/** A footer names each blob of one pack in ~110 bytes: 16 MiB of 1-byte blobs is far under this. */
const FOOTER_MOST = 64 * 1024 * 1024;

/**
 * The blob table of a stored pack, read from its footer (a pack describes itself: FORMAT.md), for a
 * pack no index segment records: two ranged reads at most, the key unwrapped with the identity's
 * secret. Every tuple must lie inside the pack; the blobs themselves are verified when read, as
 * any location is (its box binds its id, its id is the keyed hash of its content).
 */
export async function footerEntries(store: BlobStore, v: ListedVersion, secret: Buffer, id: string): Promise<PackEntry[]> {
  const what = `pack ${id.slice(0, 12)}`;
  const size = v.size;
  const version = v.versionId ? { versionId: v.versionId } : {};
  const tailStart = Math.max(0, size - TAIL_GUESS);
  const tail = await store.get(v.key, { range: { start: tailStart, end: size }, ...version });
  const { stanzas, footerStart, footerLength } = parseTail(tail, size, what);
  if (footerLength > FOOTER_MOST) throw new BulkheadError('CORRUPT', `${what} claims a footer of ${footerLength} bytes`);
  const box = footerStart >= tailStart ? tail.subarray(footerStart - tailStart, footerStart - tailStart + footerLength) : await store.get(v.key, { range: { start: footerStart, end: footerStart + footerLength }, ...version });
  const dek = unwrapPackKey(stanzas, secret, what);
  let entries: PackEntry[];
  try {
    entries = openFooter(dek, box, what);
  } catch (e) {
    if (e instanceof SyntaxError) throw new BulkheadError('CORRUPT', `the footer of ${what} is not a blob table`);
    throw e;
  } finally {
    dek.fill(0);
  }
  if (!blobTuples.safeParse(entries).success || entries.some(([, , offset, length]) => offset < 0 || length <= 0 || offset + length > footerStart)) {
    throw new BulkheadError('CORRUPT', `the footer of ${what} names blobs outside the pack`);
  }
  return entries;
}
