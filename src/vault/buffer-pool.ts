/**
 * Buffers for bytes that live briefly (a restored blob between its decoding and its write),
 * handed back by whoever took them. Every fresh ArrayBuffer counts against V8's external-memory
 * budget, and a restore that allocated one per blob spent a third of its time in full garbage
 * collections (docs/PERFORMANCE.md); reusing a few large ones keeps that budget still.
 */
export class BufferPool {
  readonly #free: Buffer[] = [];
  readonly #ours = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly keep = 16,
    private readonly minBytes = 1024 * 1024,
    /** Shared memory (SharedArrayBuffer): restore workers read whole packs from it without a copy. */
    private readonly shared = false,
  ) {}

  /** A buffer of exactly n bytes (contents undefined), reused when one large enough was released. */
  take(n: number): Buffer {
    const i = this.#free.findIndex((b) => b.length >= n);
    if (i >= 0) return this.#free.splice(i, 1)[0]!.subarray(0, n);
    const size = Math.max(n, this.minBytes);
    const whole = this.shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafeSlow(size);
    this.#ours.add(whole.buffer);
    return whole.subarray(0, n);
  }

  /**
   * Gives back a buffer from take(): the caller holds no view of it any more. Anything else (a
   * buffer this pool did not make, which may share memory with others) is left to the GC.
   */
  release(b: Buffer): void {
    if (!this.#ours.has(b.buffer)) return;
    const whole = Buffer.from(b.buffer, 0, b.buffer.byteLength);
    if (this.#free.length < this.keep) return void this.#free.push(whole);
    // Full: the larger is kept, so a few buffers settle at the largest size asked for instead of
    // a fresh large one being made (and dropped) for each large blob.
    const smallest = this.#free.reduce((at, f, i) => (f.length < this.#free[at]!.length ? i : at), 0);
    if (this.#free[smallest]!.length < whole.length) this.#free[smallest] = whole;
  }
}
