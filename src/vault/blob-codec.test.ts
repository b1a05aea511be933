import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CompressStream } from 'zstd-napi';
import { compressBytes, decodeBlob, decompressBytes, encodeBlob, TooLarge, worthCompressing } from './blob-codec.js';

const MiB = 1024 * 1024;
const blob = (e: { codec: Buffer; body: Buffer }) => Buffer.concat([e.codec, e.body]);

/** A zstd stream with no declared size: the streaming path must stop at the ceiling. */
async function streamedZeros(total: number): Promise<Buffer> {
  const out: Buffer[] = [];
  const s = new CompressStream();
  s.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => s.on('end', r));
  const zeros = Buffer.alloc(MiB);
  for (let n = 0; n < total; n += MiB) s.write(zeros);
  s.end();
  await done;
  return Buffer.concat(out);
}

describe('blob codec', () => {
  it('round-trips compressible and random data within the ceiling', () => {
    for (const plain of [Buffer.from('x'.repeat(10_000)), randomBytes(5000), Buffer.alloc(0)]) {
      expect(decodeBlob(blob(encodeBlob(plain)), 'blob t', plain.length).equals(plain)).toBe(true);
    }
  });

  it('stores already-compressed blobs without compressing them, judged by samples spread over the blob', () => {
    const text = Buffer.from('steps:\n  - run: make test\n'.repeat(40_000));
    expect(worthCompressing(randomBytes(MiB))).toBe(false);
    expect(worthCompressing(text)).toBe(true);
    expect(worthCompressing(randomBytes(200 * 1024))).toBe(true); // small: compressed whole, kept only if smaller
    expect(encodeBlob(randomBytes(MiB)).codec[0]).toBe(0);
    expect(encodeBlob(text).codec[0]).toBe(1);
    // A chunk of a tarball: random bytes (an image) and 400 KiB of text, wherever they are. A sample
    // from the middle alone judged a chunk incompressible when its middle was, and stored it whole.
    const region = 400 * 1024;
    for (const at of [0, MiB / 4, MiB / 2, MiB - region]) {
      const mixed = randomBytes(MiB);
      Buffer.from('x'.repeat(region)).copy(mixed, at);
      expect(worthCompressing(mixed)).toBe(true);
      const stored = encodeBlob(mixed);
      expect(stored.codec[0]).toBe(1);
      expect(stored.body.length).toBeLessThan(MiB - region + 4096);
      expect(decodeBlob(blob(stored), 'blob m', MiB).equals(mixed)).toBe(true);
    }
    // A compressed format with a little header that shrinks (a git pack's first chunk, an .idx):
    // one sample saves ~12%, the four together ~3%, so the blob is stored as it is.
    const packed = randomBytes(MiB);
    packed.fill(0, 0, 2048);
    expect(worthCompressing(packed)).toBe(false);
    expect(encodeBlob(packed).codec[0]).toBe(0);
  });

  it('refuses a bomb whose frames declare 1 GiB before decoding any of it', () => {
    const frame = compressBytes(Buffer.alloc(16 * MiB)); // a few hundred bytes
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => frame));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => decompressBytes(bomb, 4 * MiB)).toThrow(TooLarge);
    const encoded = Buffer.concat([Buffer.from([1]), bomb]);
    expect(() => decodeBlob(encoded, 'blob abc in pack def', 4 * MiB)).toThrow(/blob abc in pack def decompresses to more than the 4194304 bytes/);
  });

  it('stops a frame of undeclared size at the ceiling', async () => {
    const bomb = await streamedZeros(64 * MiB);
    expect(() => decompressBytes(bomb, 4 * MiB)).toThrow(TooLarge);
    expect(decompressBytes(bomb, 64 * MiB).length).toBe(64 * MiB);
  });

  it('refuses a stored (uncompressed) blob past the ceiling and names garbage as not decompressing', () => {
    expect(() => decodeBlob(Buffer.concat([Buffer.from([0]), Buffer.alloc(100)]), 'tree t', 10)).toThrow(/holds 100 bytes/);
    expect(() => decodeBlob(Buffer.from([1, 2, 3, 4]), 'tree t', 10)).toThrow(/tree t does not decompress/);
    expect(() => decodeBlob(Buffer.from([9, 2]), 'tree t', 10)).toThrow(/unknown codec 9/);
  });
});
