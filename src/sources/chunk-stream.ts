import type { Chunker } from '../chunker/fastcdc.js';

/**
 * Cuts a stream of buffers into content-defined chunks. Each read buffer is fresh, so a chunk
 * is a view into it without copying unless it straddles two reads.
 */
export async function* chunkStream(chunker: Chunker, input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Gather small pieces (pipes deliver 64 KiB) until a cut is certain to fit, then concat once.
  const want = chunker.params.max * 2;
  let pieces: Buffer[] = [];
  let gathered = 0;
  for await (const piece of input) {
    pieces.push(piece);
    gathered += piece.length;
    if (gathered < want) continue;
    const pending = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, gathered);
    let pos = 0;
    for (;;) {
      const n = chunker.cut(pending, pos, pending.length, false);
      if (n === 0) break;
      yield pending.subarray(pos, pos + n);
      pos += n;
    }
    pieces = [pending.subarray(pos)];
    gathered = pending.length - pos;
  }
  const rest = Buffer.concat(pieces, gathered);
  let pos = 0;
  while (pos < rest.length) {
    const n = chunker.cut(rest, pos, rest.length, true);
    yield rest.subarray(pos, pos + n);
    pos += n;
  }
}

/** Reads a file in large fresh buffers (the chunker needs up to max bytes ahead). */
export async function* readFileBuffers(fd: import('node:fs/promises').FileHandle, size = 8 * 1024 * 1024): AsyncGenerator<Buffer> {
  for (;;) {
    const buf = Buffer.allocUnsafe(size);
    const { bytesRead } = await fd.read(buf, 0, size, null);
    if (bytesRead === 0) return;
    yield buf.subarray(0, bytesRead);
  }
}
