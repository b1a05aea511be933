/**
 * Zero runs are left as holes on restore (as restic's --sparse does): a sparse file (a VM image, a
 * database's preallocated file) backed up as its zeros would otherwise come back fully allocated,
 * 100 GB on disk for a file that used a few MB. Below one file-system block a hole saves nothing.
 */
export const HOLE_MIN = 4096;

const ZEROS = Buffer.alloc(64 * 1024);

/** Whether every byte is 0 (first and last bytes first: most blobs are rejected at once). */
export function isAllZero(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n === 0 || bytes[0] !== 0 || bytes[n - 1] !== 0) return n === 0;
  for (let at = 0; at < n; at += ZEROS.length) {
    const end = Math.min(n, at + ZEROS.length);
    if (ZEROS.compare(bytes, at, end, 0, end - at) !== 0) return false;
  }
  return true;
}

/** A blob worth leaving as a hole instead of writing it. */
export const leavesHole = (bytes: Uint8Array): boolean => bytes.length >= HOLE_MIN && isAllZero(bytes);
