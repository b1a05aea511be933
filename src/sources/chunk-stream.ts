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

/**
 * Chunks a file: each read goes into a fresh buffer that starts with the previous read's uncut
 * tail, so only that tail is copied (chunks handed out stay valid while they are compressed).
 * With `scratch` (at least the chunker's max plus one read), every read goes into that one buffer
 * instead: a chunk is then valid only until the next one is asked for, for a consumer that copies
 * or hashes it at once (a fresh 8 MiB buffer per read was garbage the allocator kept, #14).
 * Reading stops after `limit` bytes: what the file held when its size was taken, so a file appended
 * to faster than it is read (a busy log) is not chased for ever.
 */
export async function* chunkFile(chunker: Chunker, fd: import('node:fs/promises').FileHandle, readSize = 8 * 1024 * 1024, scratch?: Buffer, limit = Infinity): AsyncGenerator<Buffer> {
  if (scratch) {
    yield* chunkInto(chunker, fd, scratch, limit);
    return;
  }
  let tail: Buffer = Buffer.alloc(0);
  let left = limit;
  for (;;) {
    const buf = Buffer.allocUnsafe(tail.length + readSize);
    tail.copy(buf, 0);
    const { bytesRead } = left > 0 ? await fd.read(buf, tail.length, Math.min(readSize, left), null) : { bytesRead: 0 };
    left -= bytesRead;
    const end = tail.length + bytesRead;
    const eof = bytesRead === 0;
    const pos = yield* cuts(chunker, buf, end, eof);
    if (eof) return;
    tail = buf.subarray(pos, end);
  }
}

/** chunkFile into one reused buffer: the uncut tail (shorter than the chunker's max) moves to its start before each read. */
async function* chunkInto(chunker: Chunker, fd: import('node:fs/promises').FileHandle, buf: Buffer, limit: number): AsyncGenerator<Buffer> {
  if (buf.length <= chunker.params.max) throw new Error('chunkFile: scratch buffer smaller than a chunk');
  let start = 0;
  let left = limit;
  for (;;) {
    const { bytesRead } = left > 0 ? await fd.read(buf, start, Math.min(buf.length - start, left), null) : { bytesRead: 0 };
    left -= bytesRead;
    const end = start + bytesRead;
    const eof = bytesRead === 0;
    const pos = yield* cuts(chunker, buf, end, eof);
    if (eof) return;
    start = buf.copy(buf, 0, pos, end);
  }
}

/** The chunks of buf[0, end) the chunker can cut now (all of them at eof); returns where the uncut tail starts. */
function* cuts(chunker: Chunker, buf: Buffer, end: number, eof: boolean): Generator<Buffer, number> {
  let pos = 0;
  while (pos < end) {
    const n = chunker.cut(buf, pos, end, eof);
    if (n === 0) break;
    yield buf.subarray(pos, pos + n);
    pos += n;
  }
  return pos;
}
