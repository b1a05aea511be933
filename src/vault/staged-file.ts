import { createHash } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';

/** Writes are gathered this much at a time: a pack's pieces are up to 64 KiB each (SEAL_SLICE). */
const GATHER_BYTES = 1024 * 1024;
/** Gathering buffers of this thread, reused: a thread has at most two packs open (data, trees). */
const spare: Buffer[] = [];

/**
 * A pack written into a new file as it is built, hashed on the way (its id is the SHA-256 of the
 * whole), made durable (fsync) when finished: the store then links it into place
 * (BlobStore.putStaged) instead of a thread holding the whole pack in memory until it is stored.
 */
export class StagedFile {
  readonly #fd: number;
  readonly #hash = createHash('sha256');
  #gather: Buffer | undefined = spare.pop() ?? Buffer.allocUnsafeSlow(GATHER_BYTES);
  #gathered = 0;
  #size = 0;

  constructor(readonly path: string) {
    // Read-only from the start, as the store keeps its objects; create-only: never someone else's file.
    this.#fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o444);
  }

  /** Appends a piece; returns its length. */
  append(piece: Buffer): number {
    this.#hash.update(piece);
    const gather = this.#gather!;
    if (this.#gathered + piece.length > gather.length) this.#flush();
    if (piece.length >= gather.length) this.#write(piece);
    else this.#gathered += piece.copy(gather, this.#gathered);
    this.#size += piece.length;
    return piece.length;
  }

  /** The pack's id and where its bytes are; the file is complete and on disk. */
  finish(): { id: string; body: { path: string; size: number } } {
    this.#flush();
    fsyncSync(this.#fd);
    this.#close();
    return { id: this.#hash.digest('hex'), body: { path: this.path, size: this.#size } };
  }

  /** The pack will not be finished: its file goes. */
  discard(): void {
    if (!this.#gather) return;
    this.#close();
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  #close(): void {
    closeSync(this.#fd);
    spare.push(this.#gather!);
    this.#gather = undefined;
  }

  #flush(): void {
    this.#write(this.#gather!.subarray(0, this.#gathered));
    this.#gathered = 0;
  }

  #write(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; ) at += writeSync(this.#fd, bytes, at, bytes.length - at);
  }
}
