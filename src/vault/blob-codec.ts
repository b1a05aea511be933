// The binding is CommonJS with no static exports: Node's ESM loader offers only its default.
import zstd from 'zstd-napi/binding.js';
import type { DCtx } from 'zstd-napi/binding.js';
import { BulkheadError } from '../util/errors.js';

/** First byte of every blob plaintext before encryption: how the rest is stored. */
export const enum Codec {
  None = 0,
  Zstd = 1,
}

const CODEC_BYTES = [Buffer.from([Codec.None]), Buffer.from([Codec.Zstd])] as const;

// One reusable context and output buffer per thread: creating a zstd context per blob costs more
// than compressing a small file, and a fresh output buffer per blob (page faults on first touch)
// made compression 1.7× (text) to 4× (incompressible data) slower (docs/PERFORMANCE.md). Each pack
// worker and the main thread get their own.
let cctx: InstanceType<typeof zstd.CCtx> | undefined;
let scratch = Buffer.alloc(0);
let dctx: DCtx | undefined;

/** zstd level 3 into this thread's scratch buffer: the result is valid until the next call. */
function zstdCompress(data: Uint8Array): Buffer {
  if (!cctx) {
    cctx = new zstd.CCtx();
    cctx.setParameter(zstd.CParameter.compressionLevel, 3);
  }
  const bound = zstd.compressBound(data.length);
  if (scratch.length < bound) scratch = Buffer.allocUnsafeSlow(Math.max(bound, 64 * 1024));
  return scratch.subarray(0, cctx.compress2(scratch, data));
}

export interface EncodedBlob {
  codec: Buffer;
  body: Buffer;
}

/**
 * zstd level 3; a blob that does not shrink is stored as it is. A compressed body lives in this
 * thread's scratch buffer: seal it (which copies) before the next encodeBlob or compressBytes.
 */
export function encodeBlob(plain: Buffer): EncodedBlob {
  if (plain.length > 64 && worthCompressing(plain)) {
    const packed = zstdCompress(plain);
    if (packed.length < plain.length) return { codec: CODEC_BYTES[Codec.Zstd], body: packed };
  }
  return { codec: CODEC_BYTES[Codec.None], body: plain };
}

/** The probe: this many samples of SAMPLE_BYTES, spread from the blob's start to its end. */
const SAMPLES = 4;
const SAMPLE_BYTES = 16 * 1024;
/** Blobs from this size on are probed: the probe then costs at most a quarter of compressing them. */
const PROBED_FROM = 4 * SAMPLES * SAMPLE_BYTES;

/**
 * Whether zstd is worth running over a blob. Already-compressed data (a git pack, a tarball, an
 * image) does not shrink, and compressing megabytes of it only to store them as they are was most
 * of what storing a git mirror cost the main thread: a blob of PROBED_FROM bytes or more is
 * compressed only when four 16 KiB samples, at its start, end and thirds, shrink by at least 5%
 * together (what the whole blob is then likely to save). One sample from the middle stored raw
 * every chunk whose middle was incompressible, whatever the rest held (a tarball's chunk half text,
 * half image): 9% more vault than restic on the bench's tarball and model file; any one sample
 * that shrank 5% compressed a git pack's first chunk and its .idx whole (a header's worth of
 * compressible bytes) to save 2-4% of them, ~30-50 ms of a first git backup's main thread here
 * (#13; on the bench corpus the two rules store within 23 KB of each other). zstd passes over the
 * raw parts of a mixed blob quickly.
 */
export function worthCompressing(plain: Buffer): boolean {
  if (plain.length < PROBED_FROM) return true;
  const step = (plain.length - SAMPLE_BYTES) / (SAMPLES - 1);
  const enough = SAMPLES * SAMPLE_BYTES * 0.05;
  let saved = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const from = Math.floor(k * step);
    saved += SAMPLE_BYTES - zstdCompress(plain.subarray(from, from + SAMPLE_BYTES)).length;
    if (saved >= enough) return true; // a compressible blob is told by its first sample
  }
  return false;
}

/**
 * Ceilings on decoded sizes (FORMAT.md): a data blob is at most the chunker's maximum (this one
 * bounds configs), a tree (one folder's listing; a git manifest) and an index segment at most
 * these. Nothing decoded from the store may grow past them, whatever its header claims.
 */
export const MAX_DATA_BLOB = 64 * 1024 * 1024;
export const MAX_TREE_BLOB = 128 * 1024 * 1024;
export const MAX_INDEX_SEGMENT = 64 * 1024 * 1024;

/** Thrown (then named by the caller) when plaintext would pass the ceiling its format allows. */
export class TooLarge extends Error {}

/**
 * Decodes a blob's plaintext, never producing more than maxBytes (the chunker's maximum for data,
 * the tree ceiling for trees): a forged 32 KB blob that inflates to 1 GiB stops at the ceiling.
 */
export function decodeBlob(encoded: Buffer, what: string, maxBytes: number, take?: (n: number) => Buffer): Buffer {
  const codec = encoded[0];
  const body = encoded.subarray(1);
  if (codec === Codec.None) {
    if (body.length > maxBytes) throw new BulkheadError('CORRUPT', `${what} holds ${body.length} bytes, more than the ${maxBytes} its type allows`);
    return body;
  }
  if (codec === Codec.Zstd) {
    try {
      return decompressBytes(body, maxBytes, take);
    } catch (e) {
      if (e instanceof TooLarge) throw new BulkheadError('CORRUPT', `${what} decompresses to more than the ${maxBytes} bytes its type allows (a decompression bomb?)`);
      throw new BulkheadError('CORRUPT', `${what} does not decompress`);
    }
  }
  throw new BulkheadError('CORRUPT', `${what} uses unknown codec ${codec}`);
}

/** A compressed copy that the caller owns. */
export const compressBytes = (data: Buffer): Buffer => Buffer.from(zstdCompress(data));

/**
 * zstd with a ceiling. Frames that declare their size (every frame Bulkhead writes) are checked
 * before any work and decoded into a buffer of exactly that size (the decoder refuses to write
 * past it); frames that do not are streamed and stopped at the ceiling.
 */
export function decompressBytes(data: Buffer, maxBytes: number, take: (n: number) => Buffer = Buffer.allocUnsafe): Buffer {
  dctx ??= new zstd.DCtx();
  const declared = declaredSize(data);
  if (declared !== null) {
    if (declared > maxBytes) throw new TooLarge();
    const out = take(declared);
    const n = dctx.decompress(out, data);
    if (n !== declared) throw new Error('size differs from the frame header');
    return out;
  }
  return streamBounded(dctx, data, maxBytes);
}

/** The sum of every frame's declared content size, or null when one does not declare it. */
function declaredSize(data: Buffer): number | null {
  let total = 0;
  for (let rest = data; rest.length > 0; rest = rest.subarray(zstd.findFrameCompressedSize(rest))) {
    const size = zstd.getFrameContentSize(rest);
    if (size === null) return null;
    total += size;
  }
  return total;
}

function streamBounded(ctx: DCtx, data: Buffer, maxBytes: number): Buffer {
  ctx.reset(zstd.ResetDirective.sessionAndParameters);
  const chunks: Buffer[] = [];
  let produced = 0;
  let input = data;
  for (;;) {
    const room = Buffer.allocUnsafe(Math.min(zstd.dStreamOutSize(), maxBytes - produced + 1));
    const [left, wrote, consumed] = ctx.decompressStream(room, input);
    produced += wrote;
    if (produced > maxBytes) throw new TooLarge();
    chunks.push(room.subarray(0, wrote));
    input = input.subarray(consumed);
    if (input.length === 0 && left === 0) return Buffer.concat(chunks, produced);
    if (wrote === 0 && consumed === 0) throw new Error('truncated frame');
  }
}
