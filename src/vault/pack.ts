import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BOX_OVERHEAD, open, seal, sealParts } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/blob-id.js';
import { unwrap, wrapTo, type Stanza } from '../crypto/wrap.js';
import { canonicalBytes } from '../util/canonical.js';
import { BulkheadError } from '../util/errors.js';
import { StagedFile } from './staged-file.js';

/**
 * A pack: blob boxes, then the footer box (blob table, under the pack's DEK), then the DEK's
 * stanzas as JSON, then a 17-byte trailer: footer length, stanzas length (u32 LE), version, magic.
 * The pack id is the SHA-256 of all of it, so a whole-pack read proves the pack is intact.
 */
export type BlobType = 'data' | 'tree';
/** [blob id, type, offset, length of the box, plaintext length] */
export type PackEntry = [string, BlobType, number, number, number];

/** Blob tuples are checked by hand: zod over tens of thousands of tuples dominated a single-file restore. */
export const blobTuples = z.custom<PackEntry[]>(
  (v) =>
    Array.isArray(v) &&
    v.every(
      (t) =>
        Array.isArray(t) &&
        t.length === 5 &&
        typeof t[0] === 'string' &&
        (t[1] === 'data' || t[1] === 'tree') &&
        Number.isSafeInteger(t[2]) &&
        Number.isSafeInteger(t[3]) &&
        Number.isSafeInteger(t[4]),
    ),
  'blob tuples',
);

const MAGIC = Buffer.from('BHPACK01');
const VERSION = 1;
export const TRAILER_BYTES = 4 + 4 + 1 + MAGIC.length;
const FOOTER_AD = 'bulkhead/v1/pack-footer';

export const blobAd = (id: string): string => `bulkhead/v1/blob:${id}`;

/**
 * Where a pack's bytes are gathered. A pack worker reuses a few buffers (handed back after the
 * upload) instead of a fresh 16 MiB one per pack: freed pack buffers were what its malloc arena
 * held on to (#14).
 */
export interface PackBuffers {
  /** A buffer of at least `bytes`. */
  take(bytes: number): Buffer;
  /** One the builder outgrew (it copied what it held into a larger one). */
  give(buffer: Buffer): void;
}

const freshBuffers: PackBuffers = { take: (bytes) => Buffer.allocUnsafeSlow(bytes), give: () => {} };
/** AES-GCM over slices of this size, each copied into the pack at once: no fresh buffer of a whole blob's size. */
const SEAL_SLICE = 64 * 1024;

/** A finished pack: its bytes in memory, or in a staged file (PackBuilder's `staged`) of `size` bytes. */
export type PackBody = { bytes: Buffer } | { path: string; size: number };

export class PackBuilder {
  readonly #dek = randomBytes(32);
  readonly #entries: PackEntry[] = [];
  #buffer: Buffer;
  #size = 0;
  readonly #staged: StagedFile | undefined;

  /**
   * `initial`: how large a buffer to start with (a tree pack usually stays small). `staged`: a new
   * file (the store's staging folder, BlobStore.stagingDir) the pack is written into as it is built,
   * instead of a buffer of its whole size: ~100 MB of pack buffers off a backup's peak (#14).
   */
  constructor(
    readonly type: BlobType,
    private readonly buffers: PackBuffers = freshBuffers,
    initial = 64 * 1024,
    staged?: string,
  ) {
    this.#staged = staged === undefined ? undefined : new StagedFile(staged);
    this.#buffer = this.#staged ? Buffer.alloc(0) : buffers.take(initial);
  }

  get size(): number {
    return this.#size;
  }

  get count(): number {
    return this.#entries.length;
  }

  /** Seals an encoded blob (codec byte ‖ body) under the pack's DEK, bound to its id. */
  add(id: string, codec: Buffer, body: Buffer, rawLength: number): void {
    const parts = [codec];
    for (let at = 0; at < body.length; at += SEAL_SLICE) parts.push(body.subarray(at, at + SEAL_SLICE));
    const start = this.#size;
    this.#room(BOX_OVERHEAD + codec.length + body.length);
    for (const piece of sealParts(this.#dek, parts, blobAd(id))) this.#append(piece);
    this.#entries.push([id, this.type, start, this.#size - start, rawLength]);
  }

  /**
   * The finished pack: `bytes` is a view of the builder's buffer (the whole of which the caller
   * may give back to its PackBuffers once the pack is stored).
   */
  finish(recipients: readonly Buffer[]): { id: string; body: PackBody; entries: PackEntry[] } {
    const footer = seal(this.#dek, canonicalBytes({ blobs: this.#entries }), FOOTER_AD);
    const stanzas = Buffer.from(JSON.stringify(wrapTo(this.#dek, recipients)));
    const trailer = Buffer.alloc(TRAILER_BYTES);
    trailer.writeUInt32LE(footer.length, 0);
    trailer.writeUInt32LE(stanzas.length, 4);
    trailer.writeUInt8(VERSION, 8);
    MAGIC.copy(trailer, 9);
    this.#room(footer.length + stanzas.length + trailer.length);
    for (const piece of [footer, stanzas, trailer]) this.#append(piece);
    this.#dek.fill(0);
    if (this.#staged) return { ...this.#staged.finish(), entries: this.#entries };
    const bytes = this.#buffer.subarray(0, this.#size);
    return { id: sha256Hex(bytes), body: { bytes }, entries: this.#entries };
  }

  /** A staged pack that will not be finished (its backup failed): its file goes. */
  discard(): void {
    this.#staged?.discard();
  }

  /** Grows the buffer (doubling) so that `bytes` more fit; a staged pack writes out what it holds instead. */
  #room(bytes: number): void {
    if (this.#staged) return;
    const need = this.#size + bytes;
    if (need <= this.#buffer.length) return;
    const larger = this.buffers.take(Math.max(need, 2 * this.#buffer.length));
    this.#buffer.copy(larger, 0, 0, this.#size);
    this.buffers.give(this.#buffer);
    this.#buffer = larger;
  }

  #append(piece: Buffer): void {
    if (this.#staged) this.#size += this.#staged.append(piece);
    else this.#size += piece.copy(this.#buffer, this.#size);
  }
}

const stanzasSchema = z.array(z.object({ recipient: z.string(), epk: z.string(), wrapped: z.string() }));

/** Reads the stanzas and footer location from a pack's tail (the last bytes of the pack). */
export function parseTail(tail: Buffer, packSize: number, what: string): { stanzas: Stanza[]; footerStart: number; footerLength: number } {
  const trailer = tail.subarray(tail.length - TRAILER_BYTES);
  if (tail.length < TRAILER_BYTES || !trailer.subarray(9).equals(MAGIC) || trailer[8] !== VERSION) {
    throw new BulkheadError('CORRUPT', `${what} has no valid pack trailer`);
  }
  const footerLength = trailer.readUInt32LE(0);
  const stanzasLength = trailer.readUInt32LE(4);
  const stanzasEnd = tail.length - TRAILER_BYTES;
  if (stanzasLength > stanzasEnd) throw new BulkheadError('CORRUPT', `${what} has a damaged trailer`);
  let stanzas: Stanza[];
  try {
    stanzas = stanzasSchema.parse(JSON.parse(tail.subarray(stanzasEnd - stanzasLength, stanzasEnd).toString('utf8')));
  } catch {
    throw new BulkheadError('CORRUPT', `${what} has damaged key stanzas`);
  }
  const footerStart = packSize - TRAILER_BYTES - stanzasLength - footerLength;
  if (footerStart < 0) throw new BulkheadError('CORRUPT', `${what} has a damaged trailer`);
  return { stanzas, footerStart, footerLength };
}

export function unwrapPackKey(stanzas: Stanza[], secret: Buffer, what: string): Buffer {
  return unwrap(stanzas, secret, what);
}

/** The blob table of a whole pack, authenticated under its DEK. */
export function readFooter(pack: Buffer, secret: Buffer, what: string): { dek: Buffer; entries: PackEntry[] } {
  const { stanzas, footerStart, footerLength } = parseTail(pack, pack.length, what);
  const dek = unwrapPackKey(stanzas, secret, what);
  return { dek, entries: openFooter(dek, pack.subarray(footerStart, footerStart + footerLength), what) };
}

/** A pack's blob table from its footer box, authenticated under the pack's DEK. */
export function openFooter(dek: Buffer, box: Buffer, what: string): PackEntry[] {
  const table = open(dek, box, FOOTER_AD, `footer of ${what}`);
  return (JSON.parse(table.toString('utf8')) as { blobs: PackEntry[] }).blobs;
}

export function openBlobBox(dek: Buffer, box: Buffer, id: string, what: string): Buffer {
  return open(dek, box, blobAd(id), what);
}
