/**
 * `bytes` written into `into` at `used`, into a buffer twice as large (or as large as needed) when
 * they do not fit: the growing byte store of the restore's flat batches (write-batch.ts,
 * check-batch.ts), whose paths are one buffer each. Returns the buffer that holds them now.
 */
export function appendBytes(into: Buffer, used: number, bytes: Uint8Array): Buffer {
  let out = into;
  if (used + bytes.length > into.length) {
    out = Buffer.allocUnsafeSlow(Math.max(into.length * 2, used + bytes.length));
    into.copy(out, 0, 0, used);
  }
  out.set(bytes, used);
  return out;
}
